"""Writes the fuzz seeds: every request of tests/vectors/ and tests/malformed/ as a fuzz input
`<api>\n<request>` in fuzz/corpus/call_json/ (and every reform in fuzz/corpus/reform/).

    python3 fuzz/make_seeds.py          (from the repository root; idempotent)
"""

import hashlib
import json
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "fuzz" / "corpus" / "call_json"
out.mkdir(parents=True, exist_ok=True)
reform_out = root / "fuzz" / "corpus" / "reform"
reform_out.mkdir(parents=True, exist_ok=True)

count = 0
for folder in ("tests/vectors", "tests/malformed"):
    for path in sorted((root / folder).glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        api = case.get("api", "calculate")
        if "request_json" in case:
            text = case["request_json"]
        elif "request" in case:
            text = json.dumps(case["request"], ensure_ascii=False, separators=(",", ":"))
        else:
            continue  # a generated case: the harness makes those itself
        if api == "calculate_reform":
            (reform_out / f"seed-{path.stem}").write_text(text, encoding="utf-8")
            continue
        data = f"{api}\n{text}".encode("utf-8", "surrogatepass")
        name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
        (out / name).write_bytes(data)
        count += 1
print(f"{count} seeds in {out.relative_to(root)}")
