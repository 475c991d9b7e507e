"""The smallest Flask app: the yardstick the question page is measured against."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def bare() -> str:
    return "ok"
