"""The API's OpenAPI 3.1 description, written by hand: it is the contract scripts are written against."""

from __future__ import annotations

from typing import Any

from ..aggregates import BREAKDOWNS

_NULLABLE_NUMBER = {"type": ["number", "null"]}
_REASON = {"type": ["string", "null"], "enum": ["threshold", "complementary", "attribute", None],
           "description": "Why the value beside it is null: too few firms (threshold), it would give a "
                          "withheld figure away (complementary), or the firms are too alike (attribute)."}


def _error(text: str) -> dict[str, Any]:
    return {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _questionnaire() -> dict[str, Any]:
    return {"name": "questionnaire", "in": "query", "required": True, "schema": {"type": "string", "minLength": 1},
            "description": "The check's id, e.g. quick-check.", "example": "quick-check"}


def document() -> dict[str, Any]:
    by = [b.name for b in BREAKDOWNS if b.dimensions]
    errors = {"400": _error("Malformed or missing parameters, an unknown breakdown or a quarter that has not closed."),
              "401": _error("No token, or an unknown or revoked one (with WWW-Authenticate: Bearer)."),
              "404": _error("An unknown check, or no figures for it (in that quarter)."),
              "429": _error("Too many calls with this token (or bad tokens from this address); see Retry-After.")}
    return {
        "openapi": "3.1.0",
        "info": {"title": "digicheck API", "version": "1",
                 "description": "An organisation's published aggregate figures of the Digitalisierungs-Check: "
                                "frozen per closed quarter, with the disclosure rules applied (docs/aggregates.md). "
                                "A token reads only its own organisation's figures; an organisation's admin "
                                "makes and revokes tokens on its page /org."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/aggregates": {"get": {
                "summary": "One table of a closed quarter: a cell per combination of categories.",
                "operationId": "aggregates",
                "parameters": [
                    _questionnaire(),
                    {"name": "by", "in": "query", "required": False, "schema": {"type": "string", "enum": ["", *by]},
                     "description": "The breakdown, categories comma-separated; none for all firms.",
                     "example": "industry,size_class"},
                    {"name": "quarter", "in": "query", "required": False,
                     "schema": {"type": "string", "pattern": "^[0-9]{4}-?[Qq][1-4]$"},
                     "description": "A closed quarter, e.g. 2026Q3; the newest with figures when left out.",
                     "example": "2026Q3"}],
                "responses": {"200": {"description": "The table.", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Table"}}}}, **errors}}},
            "/api/v1/quarters": {"get": {
                "summary": "The closed quarters with figures, and how many checks the running quarter has so far.",
                "operationId": "quarters",
                "parameters": [_questionnaire()],
                "responses": {"200": {"description": "The quarters, newest first.", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Quarters"}}}},
                    **errors}}},  # 400: the questionnaire left out or empty
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "An API token of the organisation (dgc_...)."}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
                "Area": {"type": "object", "required": ["median", "q1", "q3", "levels", "suppressed"], "properties": {
                    "median": _NULLABLE_NUMBER, "q1": _NULLABLE_NUMBER, "q3": _NULLABLE_NUMBER,
                    "levels": {"type": ["object", "null"], "additionalProperties": {"type": "number"},
                               "description": "Share of the cell's firms at each level (0-1)."},
                    "suppressed": _REASON}},
                "Cell": {"type": "object", "required": ["categories", "n", "suppressed", "areas"], "properties": {
                    "categories": {"type": "object", "additionalProperties": {"type": "string"},
                                   "description": "The cell's category per breakdown dimension ('unknown': not given)."},
                    "n": {"type": ["integer", "null"], "description": "Firms in the cell."},
                    "suppressed": _REASON,
                    "areas": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Area"},
                              "description": "Per area (dimension id, and _overall for the overall score)."}}},
                "Table": {"type": "object", "required": ["organisation", "questionnaire", "quarter", "by", "threshold",
                                                         "cells"], "properties": {
                    "organisation": {"type": "string"}, "questionnaire": {"type": "string"},
                    "quarter": {"type": "string", "example": "2026Q3"},
                    "by": {"type": "array", "items": {"type": "string"}},
                    "threshold": {"type": "integer", "description": "Fewest firms in a published cell."},
                    "cells": {"type": "array", "items": {"$ref": "#/components/schemas/Cell"}}}},
                "Quarters": {"type": "object", "required": ["organisation", "questionnaire", "quarters", "running"],
                             "properties": {
                    "organisation": {"type": "string"}, "questionnaire": {"type": "string"},
                    "quarters": {"type": "array", "items": {"type": "string"}},
                    "running": {"type": "object", "properties": {
                        "quarter": {"type": "string"},
                        "completed": {"type": "integer", "description": "Rounded down to a multiple of five."}}}}},
            },
        },
    }
