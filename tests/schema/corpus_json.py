"""One line per corpus case: {file, json} where json is yaml.safe_load's value as JSON (with
--yaml12: ruamel.yaml's YAML 1.2 reading, as an editor's YAML 1.2 parser sees the file).
Values JSON cannot hold become strings: dates and datetimes (ISO text), non-finite floats
(Python's repr), non-string keys (json.dumps' own text for them); sets become lists; a file
the parser cannot read gets "json": null and "yaml_error"."""
import datetime, json, math, sys, yaml

YAML12 = sys.argv[1:2] == ["--yaml12"]
if YAML12:
    from ruamel.yaml import YAML
    reader = YAML(typ="safe", pure=True)
    reader.version = (1, 2)
    reader.allow_duplicate_keys = True
    load = reader.load
else:
    load = yaml.safe_load

def conv(v):
    if isinstance(v, dict):
        return {key(k): conv(x) for k, x in v.items()}
    if isinstance(v, (list, tuple, set)):
        return [conv(x) for x in v]
    if isinstance(v, float) and not math.isfinite(v):
        return repr(v)
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()
    if isinstance(v, bytes):
        return v.decode("latin-1")
    return v

def key(k):
    if isinstance(k, str):
        return k
    return json.dumps(conv(k)) if not isinstance(k, (tuple,)) else repr(k)

for path in sys.argv[1 + YAML12:]:
    with open(path, "rb") as f:
        data = f.read()
    try:
        value = load(data)
        line = {"file": path, "json": conv(value)}
    except Exception as e:
        line = {"file": path, "json": None, "yaml_error": type(e).__name__}
    print(json.dumps(line, ensure_ascii=False, sort_keys=False, allow_nan=False))
