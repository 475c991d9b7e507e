"""The `digicheck` command as an author or consultant uses it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from app.cli import cli
from questionnaires.catalogue import EXAMPLES

EXAMPLE = str(EXAMPLES / "example.yaml")
from tests.questionnaires.samples import VALID, broken

GOLDEN = Path(__file__).resolve().parent.parent / "scoring" / "golden"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_validate_passes_on_the_shipped_files() -> None:
    code, out, _ = run("questionnaires", "validate")
    assert code == 0
    assert "kmu-check.yaml  (kmu-check version 2, 56 questions)" in out
    assert "kmu-check-v1.yaml  (kmu-check version 1, 56 questions)" in out
    assert "quick-check.yaml  (quick-check version 2, 12 questions)" in out
    assert "quick-check-v1.yaml  (quick-check version 1, 12 questions)" in out
    assert "centres.yaml  (centre catalogue, 64 centres, 30 topics)" in out
    assert "regions.yaml  (postcode regions, 95 regions)" in out


def test_validate_reports_a_broken_centre_catalogue(tmp_path: Path) -> None:
    from questionnaires.centres import FOLDER

    bad = tmp_path / "centres.yaml"
    bad.write_text((FOLDER / "centres.yaml").read_text(encoding="utf-8").replace("kind: de_hub", "kind: dehub", 1))
    code, _, err = run("questionnaires", "validate", str(bad))
    assert code == 1
    assert "'dehub' is not allowed here (did you mean 'de_hub'?)" in err


def test_validate_checks_centre_topics_against_the_catalogue(tmp_path: Path) -> None:
    """A dimension may name only topics of the catalogue given alongside, or else of the shipped one."""
    from questionnaires.centres import FOLDER

    text = (EXAMPLES / "example.yaml").read_text(encoding="utf-8")
    text = text.replace("  - id: security\n", "  - id: security\n    centre_topics: [security, cyber]\n", 1)
    declared = tmp_path / "declared.yaml"
    declared.write_text(text)
    line = text.splitlines().index("    centre_topics: [security, cyber]") + 1
    code, _, err = run("questionnaires", "validate", str(declared))
    assert code == 1
    assert f"{declared}:{line}:" in err and "centre_topics[1]: unknown centre topic 'cyber'" in err
    catalogue = tmp_path / "centres.yaml"
    catalogue.write_text((FOLDER / "centres.yaml").read_text(encoding="utf-8").replace(
        "  - {id: security, title:", "  - {id: cyber, title: {de: Cyber, en: cyber}}\n  - {id: security, title:", 1))
    code, out, _ = run("questionnaires", "validate", str(declared), str(catalogue))
    assert code == 0 and f"ok   {declared}" in out


def test_validate_reports_every_problem_with_lines(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = broken("        text: {de: Plan?", "        txet: {de: Plan?")
    bad.write_text(broken("show_if: industry == 'crafts'", "show_if: industri == 'crafts'", text))
    good = tmp_path / "good.yaml"
    good.write_text(VALID)
    code, out, err = run("questionnaires", "validate", str(good), str(bad))
    assert code == 1
    assert f"ok   {good}" in out
    assert f"{bad}:20:9: dimensions[strategy].questions[plan].txet: unknown key 'txet' (did you mean 'text'?)" in err
    assert f"{bad}:26:18:" in err and "did you mean 'industry'?" in err
    assert "1 of 2 file(s) have problems" in err


def test_validate_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(VALID)
    assert run("questionnaires", "validate", str(tmp_path))[0] == 0
    code, _, err = run("questionnaires", "validate", str(tmp_path / "missing.yaml"))
    assert code == 1 and "file not found" in err


def test_show_summarises_a_questionnaire() -> None:
    code, out, _ = run("questionnaires", "show", EXAMPLE, "--lang", "en")
    assert code == 0
    assert "Mini digitalisation check (example)  (example, version 1)" in out
    assert "about 5 minutes" in out and "11 questions" in out
    assert "IT security" in out and "minimum" in out
    assert "Beginner (0) < Explorer (20)" in out


def test_show_an_unknown_questionnaire() -> None:
    code, _, err = run("questionnaires", "show", "kmu")
    assert code != 0 and "no questionnaire 'kmu'" in err and "kmu-check" in err


def test_score_prints_a_table_per_dimension() -> None:
    code, out, _ = run("score", EXAMPLE, str(GOLDEN / "example-average.answers.json"))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Mini-Check Digitalisierung (Beispiel) (version 1)"
    assert any(line.startswith("Strategie und Führung") and "46.5" in line and "Anwender" in line for line in lines)
    assert any(line.startswith("Gesamt") and "49.2" in line and "9/9" in line for line in lines)


def test_score_as_json_matches_the_golden_result() -> None:
    code, out, _ = run("score", str(EXAMPLES / "example.yaml"), str(GOLDEN / "example-leader.answers.json"), "--format", "json")
    assert code == 0
    assert json.loads(out) == json.loads((GOLDEN / "example-leader.result.json").read_text())


def test_score_rejects_bad_answer_files(tmp_path: Path) -> None:
    cases = {
        "not-json.json": ("{oops", "is not valid JSON"),
        "wrong-version.json": (json.dumps({"questionnaire": "example", "version": "9"}), "not example version 1"),
        "bad-answer.json": (json.dumps({"questionnaire": "example", "version": "1", "answers": {"website": "huge"}}),
                            "question 'website': unknown option 'huge'"),
        "extra-key.json": (json.dumps({"questionnaire": "example", "version": "1", "answer": {}}), "unknown key 'answer'"),
    }
    for name, (content, words) in cases.items():
        path = tmp_path / name
        path.write_text(content)
        code, _, err = run("score", EXAMPLE, str(path))
        assert code == 1, name
        assert words in err, (name, err)
        assert "Traceback" not in err


def test_score_against_another_questionnaire_file(tmp_path: Path) -> None:
    other = tmp_path / "sample.yaml"
    other.write_text(VALID)
    code, _, err = run("score", str(other), str(GOLDEN / "example-average.answers.json"))
    assert code == 1 and "not sample version 1" in err


def _own_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A deployment's own questionnaire folder with one questionnaire, and an answers file for it."""
    folder = tmp_path / "ours"
    folder.mkdir()
    (folder / "sample.yaml").write_text(VALID)
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"questionnaire": "sample", "version": "1", "profile": {"industry": "crafts"},
                                   "answers": {"plan": "written", "booking": "partly"}}))
    return folder, answers


def test_every_command_reads_the_questionnaire_folder_from_the_environment(tmp_path: Path) -> None:
    folder, answers = _own_folder(tmp_path)
    runner = CliRunner(env={"DIGICHECK_QUESTIONNAIRES": str(folder)})
    validated = runner.invoke(cli, ["questionnaires", "validate"])
    assert validated.exit_code == 0, validated.output
    assert f"ok   {folder / 'sample.yaml'}  (sample version 1, 2 questions)" in validated.stdout
    assert "kmu-check" not in validated.stdout and "centres.yaml" in validated.stdout
    shown = runner.invoke(cli, ["questionnaires", "show", "sample", "--lang", "en"])
    assert shown.exit_code == 0 and shown.stdout.startswith("Sample  (sample, version 1)")
    scored = runner.invoke(cli, ["score", "sample", str(answers), "--lang", "en"])
    assert scored.exit_code == 0, scored.output
    assert "Strategy" in scored.stdout and "2/2" in scored.stdout


def test_the_folder_can_be_named_with_an_option_and_a_file_by_its_path(tmp_path: Path) -> None:
    folder, answers = _own_folder(tmp_path)
    code, out, _ = run("score", "sample", str(answers), "--questionnaires", str(folder))
    assert code == 0 and "Strategie" in out
    code, out, _ = run("questionnaires", "show", str(folder / "sample.yaml"))
    assert code == 0 and "(sample, version 1)" in out
    code, _, err = run("score", "sample", str(answers))  # not in the shipped folder
    assert code == 1 and "no questionnaire 'sample' version 1" in err and "kmu-check" in err
    code, _, err = run("questionnaires", "validate", "--questionnaires", str(tmp_path / "missing"))
    assert code == 1 and "no such folder" in err
