"""The local tables are the program's: compared with storage/DynamoDb.java's TABLES."""

import re

from local_aws import TABLES
from routes_test_support import ROUTES_DIR

DYNAMODB_JAVA = ROUTES_DIR.parent / "src/main/java/com/portfolio/infra/storage/DynamoDb.java"
TABLE_SPEC = re.compile(r'new TableSpec\("([^"]+)", "([^"]+)", (null|"[^"]+"), List\.of\(((?:[^()]|\([^()]*\))*)\)\)')
INDEX_SPEC = re.compile(r'new IndexSpec\("([^"]+)", "([^"]+)", "([^"]+)"\)')


def program_tables():
    source = DYNAMODB_JAVA.read_text()
    block = source[source.index("List<TableSpec> TABLES"):]
    block = block[:block.index(");\n") + 2]
    found = []
    for key, partition, ttl, indexes in TABLE_SPEC.findall(block):
        found.append((key, partition, None if ttl == "null" else ttl.strip('"'), tuple(INDEX_SPEC.findall(indexes))))
    return found


def test_local_tables_match_the_programs():
    program = program_tables()
    assert len(program) == 3  # the parser found them all
    assert [(t.key, t.partition_key, t.ttl_attribute, t.indexes) for t in TABLES] == program
