import json
import sys
from pathlib import Path

import typer

from tracker.pipeline.extract import extract_file, to_json

app = typer.Typer(no_args_is_help=True)


@app.command()
def extract(files: list[Path], format: str = "json", explain: bool = False) -> None:
    out = [to_json(extract_file(f), explain) for f in files]
    json.dump(out[0] if len(out) == 1 else out, sys.stdout, ensure_ascii=False, indent=2)


@app.callback()
def cb() -> None:
    pass


def main() -> None:
    app()
