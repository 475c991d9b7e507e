"""What we ask: questionnaire files, their schema and loader. Imports nothing else of ours."""

from .catalogue import Catalogue, load_catalogue
from .loader import load_questionnaire, parse_questionnaire
from .model import DONT_KNOW, NOT_APPLICABLE, AnyQuestion, Dimension, Level, Questionnaire
from .problems import ContentError, Problem

__all__ = [
    "DONT_KNOW",
    "NOT_APPLICABLE",
    "AnyQuestion",
    "Catalogue",
    "ContentError",
    "Dimension",
    "Level",
    "Problem",
    "Questionnaire",
    "load_catalogue",
    "load_questionnaire",
    "parse_questionnaire",
]
