"""The generator of src/main/resources/aws-constraints.json: the committed file is what it writes,
and a mapping that names a property the schema lacks, or one without a constraint, is refused."""
import importlib.util
import json
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "aws_constraints.py"
spec = importlib.util.spec_from_file_location("aws_constraints", SCRIPT)
generator = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generator)

cfnlint = pytest.importorskip("cfnlint.schema.manager", reason="cfn-lint regenerates the file; the build does not need it")


def schema(cfn_type):
    return cfnlint.PROVIDER_SCHEMA_MANAGER.get_resource_schema(generator.REGION, cfn_type).schema


def test_the_committed_file_is_what_the_generator_writes():
    from cfnlint.version import __version__
    expected = generator.render(generator.generate(cfnlint.PROVIDER_SCHEMA_MANAGER), __version__)
    assert generator.OUTPUT.read_text(encoding="utf-8") == expected, "run python3 scripts/aws_constraints.py"


def test_constraints_are_read_through_refs_and_nested_arrays():
    found = generator.constraints(schema("AWS::EC2::SecurityGroup"), "AWS::EC2::SecurityGroup", "SecurityGroupIngress[].FromPort")
    assert found == {"minimum": -1}
    description = generator.constraints(schema("AWS::EC2::SecurityGroup"), "AWS::EC2::SecurityGroup", "GroupDescription")
    assert description["maxLength"] == 255 and "pattern" in description


def test_a_property_the_schema_lacks_is_refused():
    with pytest.raises(KeyError):
        generator.find(schema("AWS::EC2::SecurityGroup"), "GroupDescripton")


def test_a_property_without_constraints_is_refused_so_the_mapping_stays_meaningful():
    with pytest.raises(ValueError, match="carries no constraint"):
        generator.constraints(schema("AWS::EC2::SecurityGroup"), "AWS::EC2::SecurityGroup", "VpcId")


def test_every_type_is_mapped_or_explained_never_both():
    document = json.loads(generator.OUTPUT.read_text(encoding="utf-8"))
    for token, entry in document["types"].items():
        assert ("cloudFormation" in entry) != ("nothingToCheck" in entry), token
    assert set(generator.MAPPING).isdisjoint(generator.NOTHING_TO_CHECK)
