"""Runs the ML buildspec's own shell steps against a temp "EFS" with stand-ins for pip, aws,
mount, mountpoint, the EFS mount helper, apt-get, git, sleep and nvidia-smi."""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

import sync_buildspec
from record_schemas import check_installed_record, check_marker

ML_DIR = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ML_DIR / "buildspec.yml").read_text())
F1, F2 = "1" * 64, "2" * 64

BASH = shutil.which("bash")
pytestmark = pytest.mark.skipif(BASH is None, reason="bash is needed to run buildspec steps")


def phase(name):
    return SPEC["phases"][name]["commands"]


def step(name, contains):
    """The one command of the phase that contains `contains` (or that writes the tool `contains` names)."""
    embeds = contains.startswith("cat > /tmp/")
    (found,) = [c for c in phase(name) if contains in c and (embeds or not c.startswith("cat > /tmp/"))]
    return found


def script(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(0o755)


FAKE_PYTHON = f"""#!/bin/sh
# Stand-in for the build venv's python: `-m pip install ... --target DIR <wheel>` unpacks the
# wheel into DIR (what pip does for a pure wheel, offline); everything else runs the real python.
if [ "$1 $2 $3" = "-m pip install" ]; then
  exec {sys.executable} -c '
import sys, zipfile
args = sys.argv[1:]
target = args[args.index("--target") + 1]
for a in args:
    if a.endswith(".whl"):
        zipfile.ZipFile(a).extractall(target)
' "$@"
fi
exec {sys.executable} "$@"
"""


@pytest.fixture
def build(tmp_path):
    src = tmp_path / "src"
    (src / "dist").mkdir(parents=True)
    with zipfile.ZipFile(src / "dist" / "demo-0.1-py3-none-any.whl", "w") as wheel:
        wheel.writestr("demo/__init__.py", "NAME = 'demo'\n")
    venv_bin = tmp_path / "venv" / "bin"
    venv_bin.mkdir(parents=True)
    script(venv_bin / "python", FAKE_PYTHON)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script(bin_dir / "aws",
           "#!/bin/sh\n"
           f"if [ \"$1 $2\" = 's3 cp' ]; then key=${{4#s3://*/}}; mkdir -p {tmp_path}/uploads/$(dirname $key); "
           f"cp \"$3\" {tmp_path}/uploads/$key; fi\n")
    # The temp folder stands in for the mounted file system.
    script(bin_dir / "mountpoint", "#!/bin/sh\nexit 0\n")
    script(bin_dir / "sleep", f"#!/bin/sh\necho \"$1\" >> {tmp_path}/slept\n")
    efs = tmp_path / "efs"
    efs.mkdir()
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}", "HOME": str(tmp_path), "TMPDIR": str(tmp_path),
        **SPEC["env"]["variables"],
        "VENV": str(tmp_path / "venv"), "PYTHON": sys.executable,
        "PROMOTED_ONLY_FLAG": str(tmp_path / "promoted-only"), "GPU_ENV_FILE": str(tmp_path / "gpu.env"),
        "INSTALLED_RECORD": str(tmp_path / "installed.json"),
        "PACKAGE_NAME": "demo", "FINGERPRINT": F1, "ARTIFACT_BUCKET": "bucket",
        "ARTIFACT_PREFIX": f"builds/ml/demo/{F1}/", "EFS_MOUNT": str(efs), "FILE_SYSTEM_ID": "fs-0123abcd",
        "PACKAGE_UID": str(os.getuid()), "PACKAGE_GID": str(os.getgid()), "VERSIONS_KEPT": "2",
        "BUILD_TIMEOUT_MINUTES": "90", "GPU_BUILD": "false",
        "TORCH_VERSION": "2.5.1", "CUDA_VERSION": "12.4", "CODEBUILD_BUILD_ID": "ml:7", "CODEBUILD_BUILD_NUMBER": "7",
    }
    return tmp_path, env


def run(command, tmp_path, env):
    # /tmp/<tool> is where the buildspec writes its tools; keep the test's copies private.
    for tool in sync_buildspec.TOOLS:
        command = command.replace(f"/tmp/{tool}", f"{tmp_path}/{tool}")
    return subprocess.run([BASH, "-c", command], cwd=tmp_path / "src", env=env, capture_output=True, text=True)


def write_tools(tmp_path, env):
    for tool in sync_buildspec.TOOLS:
        assert run(step("install", f"cat > /tmp/{tool}"), tmp_path, env).returncode == 0


def full_build(tmp_path, env):
    """The install step and post_build of a successful full build of env's fingerprint."""
    write_tools(tmp_path, env)
    result = run(step("build", "install_version.py promote"), tmp_path, env)
    assert result.returncode == 0, result.stderr
    result = run(phase("post_build")[0], tmp_path, {**env, "CODEBUILD_BUILD_SUCCEEDING": "1"})
    assert result.returncode == 0, result.stderr


def uploaded(tmp_path, key):
    path = tmp_path / "uploads" / key
    return json.loads(path.read_text()) if path.exists() else None


def test_embedded_tools_are_the_tested_ones():
    assert subprocess.run([sys.executable, sync_buildspec.__file__, "--check"]).returncode == 0


def test_embedded_tools_are_written_byte_for_byte(build):
    tmp_path, env = build
    write_tools(tmp_path, env)
    for tool in sync_buildspec.TOOLS:
        assert (tmp_path / tool).read_text() == (ML_DIR / "tools" / tool).read_text()


def test_install_phase_names_missing_and_bad_variables(build):
    tmp_path, env = build
    check = phase("install")[0]
    result = run(check, tmp_path, {k: v for k, v in env.items() if k not in ("EFS_MOUNT", "FINGERPRINT", "FILE_SYSTEM_ID")})
    assert result.returncode == 1
    assert "missing environment variables: FINGERPRINT EFS_MOUNT FILE_SYSTEM_ID" in result.stderr
    for name, value, message in [
        ("ARTIFACT_PREFIX", "builds/x", "ARTIFACT_PREFIX is 'builds/x'; expected it to end with '/'"),
        ("VERSIONS_KEPT", "two", "VERSIONS_KEPT is 'two'; expected a whole number"),
        ("VERSIONS_KEPT", "0", "VERSIONS_KEPT is '0'; expected at least 1"),
        ("PACKAGE_UID", "-1", "PACKAGE_UID is '-1'; expected a whole number"),
        ("BUILD_TIMEOUT_MINUTES", "1.5", "BUILD_TIMEOUT_MINUTES is '1.5'; expected a whole number"),
        ("BUILD_MODE", "deploy", "BUILD_MODE is 'deploy'; expected build or promote"),
        ("GPU_BUILD", "yes", "GPU_BUILD is 'yes'; expected true or false"),
    ]:
        result = run(check, tmp_path, {**env, name: value})
        assert result.returncode == 1 and message in result.stderr, (name, result.stderr)
    assert run(check, tmp_path, env).returncode == 0


CREDENTIALS_URI = "/v2/credentials/0f1e2d3c-build-role"


@pytest.fixture
def mounting(build):
    """The mount step with a fake mount helper: `mount` fails its first FAILS calls as a mount target
    whose DNS name is not resolvable yet would, then "mounts" (mountpoint then says so)."""
    tmp_path, env = build
    write_tools(tmp_path, env)
    bin_dir = tmp_path / "bin"
    script(bin_dir / "mount.efs", "#!/bin/sh\nexit 0\n")
    script(bin_dir / "mount", f"""#!/bin/sh
echo "$*" >> {tmp_path}/mount-calls
if [ "$(wc -l < {tmp_path}/mount-calls)" -le "${{FAILS:-0}}" ]; then
  echo "Failed to resolve \"$FILE_SYSTEM_ID.efs.eu-west-1.amazonaws.com\" - check that your file system ID is correct" >&2
  exit 1
fi
touch {tmp_path}/mounted
""")
    script(bin_dir / "mountpoint", f"#!/bin/sh\n[ -f {tmp_path}/mounted ]\n")
    config = tmp_path / "efs-utils.conf"
    config.write_text("[mount]\ndns_name_suffix = amazonaws.com\n#region = us-east-1\nstunnel_debug_enabled = false\n")
    env = {**env, "AWS_REGION": "eu-west-1", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": CREDENTIALS_URI,
           "EFS_UTILS_CONFIG": str(config)}
    return tmp_path, env


def mount_calls(tmp_path):
    calls = tmp_path / "mount-calls"
    return calls.read_text().splitlines() if calls.exists() else []


def test_the_build_mounts_the_file_system_root_itself_with_tls_as_its_role(mounting):
    tmp_path, env = mounting
    result = run(step("install", "bash /tmp/mount_efs.sh"), tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert mount_calls(tmp_path) == [
        f"-t efs -o tls,iam,noresvport,awscredsuri={CREDENTIALS_URI} fs-0123abcd:/ {env['EFS_MOUNT']}"]
    # No instance metadata in a build container: the helper reads the region from its configuration.
    assert "\nregion = eu-west-1\n" in (tmp_path / "efs-utils.conf").read_text()
    assert "mounted EFS file system fs-0123abcd" in result.stdout
    assert not (tmp_path / "slept").exists()


def test_the_mount_comes_before_anything_is_installed_onto_the_file_system():
    install = phase("install")
    mount = install.index(step("install", "bash /tmp/mount_efs.sh"))
    assert install.index(step("install", "cat > /tmp/mount_efs.sh")) < mount
    assert mount < install.index(step("install", "install_version.py activate"))
    assert "mountpoint" not in install[0], "the variables check no longer waits for a mount made by CodeBuild"


def test_the_mount_is_retried_while_the_mount_target_is_not_resolvable_yet(mounting):
    tmp_path, env = mounting
    result = run(step("install", "bash /tmp/mount_efs.sh"), tmp_path, {**env, "FAILS": "2"})
    assert result.returncode == 0, result.stderr
    assert len(mount_calls(tmp_path)) == 3
    assert (tmp_path / "slept").read_text().split() == ["5", "5"]
    assert "EFS file system fs-0123abcd not mountable yet (0 s): Failed to resolve" in result.stdout


def test_a_mount_that_keeps_failing_stops_after_the_wait_and_says_what_to_check(mounting):
    tmp_path, env = mounting
    result = run(step("install", "bash /tmp/mount_efs.sh"), tmp_path,
                 {**env, "FAILS": "100", "EFS_MOUNT_WAIT_SECONDS": "10"})
    assert result.returncode == 1
    assert (tmp_path / "slept").read_text().split() == ["5", "5"]
    message = result.stderr
    assert (f"mount_efs: could not mount EFS file system fs-0123abcd at {env['EFS_MOUNT']} with TLS as the build role "
            "(mount -t efs -o tls,iam) within 10 s; the last attempt said: Failed to resolve") in message
    for check in ("has a mount target in the build's subnets", "admitted on NFS (2049)",
                  "the file-system policy grants the build role ClientMount, ClientWrite and ClientRootAccess",
                  "runs in privileged mode"):
        assert check in message, check


def test_the_mount_needs_the_build_role_credentials_and_its_variables(mounting):
    tmp_path, env = mounting
    mount = step("install", "bash /tmp/mount_efs.sh")
    for name in ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "FILE_SYSTEM_ID", "EFS_MOUNT", "AWS_REGION"):
        result = run(mount, tmp_path, {k: v for k, v in env.items() if k != name})
        assert result.returncode == 1
        assert f"mount_efs: {name} is not set; expected" in result.stderr, name
    result = run(mount, tmp_path, {**env, "EFS_MOUNT_WAIT_SECONDS": "2m"})
    assert result.returncode == 1
    assert "EFS_MOUNT_WAIT_SECONDS is '2m'; expected a whole number of seconds" in result.stderr
    assert mount_calls(tmp_path) == []


def test_a_mount_that_leaves_no_mount_point_fails(mounting):
    tmp_path, env = mounting
    script(tmp_path / "bin/mount", f"#!/bin/sh\necho \"$*\" >> {tmp_path}/mount-calls\n")
    result = run(step("install", "bash /tmp/mount_efs.sh"), tmp_path, env)
    assert result.returncode == 1
    assert (f"mount -t efs of fs-0123abcd succeeded but {env['EFS_MOUNT']} is not a mount point; "
            "expected the file system there") in result.stderr


def test_an_existing_mount_is_used_as_it_is(mounting):
    tmp_path, env = mounting
    (tmp_path / "mounted").touch()
    result = run(step("install", "bash /tmp/mount_efs.sh"), tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert mount_calls(tmp_path) == []


def test_an_image_without_the_mount_helper_gets_the_pinned_amazon_efs_utils(mounting):
    tmp_path, env = mounting
    bin_dir = tmp_path / "bin"
    (bin_dir / "mount.efs").unlink()
    # git "checks out" a build-deb.sh that makes the .deb; apt-get installing it puts mount.efs on PATH.
    script(bin_dir / "git", f"""#!/bin/sh
echo "git $*" >> {tmp_path}/install-calls
if [ "$3" = checkout ]; then
  printf '#!/bin/sh\nmkdir -p build && touch build/amazon-efs-utils-1.36.0-1_all.deb\n' > "$2/build-deb.sh"
  chmod +x "$2/build-deb.sh"
fi
""")
    script(bin_dir / "apt-get", f"""#!/bin/sh
echo "apt-get $*" >> {tmp_path}/install-calls
case "$*" in *amazon-efs-utils-1.36.0-1_all.deb) printf '#!/bin/sh\n' > {bin_dir}/mount.efs; chmod +x {bin_dir}/mount.efs ;; esac
""")
    result = run(step("install", "bash /tmp/mount_efs.sh"), tmp_path, env)
    assert result.returncode == 0, result.stderr
    calls = (tmp_path / "install-calls").read_text()
    assert "install -y -q --no-install-recommends git binutils ca-certificates nfs-common stunnel4" in calls
    # Fetched by commit (the v1.36.0 tag's), not by a tag that could move.
    assert "fetch -q --depth 1 https://github.com/aws/efs-utils.git c87d19f3e1db26532f09a7fed338347aacb90e10" in calls
    assert calls.rstrip().endswith("amazon-efs-utils-1.36.0-1_all.deb")
    assert len(mount_calls(tmp_path)) == 1


def test_a_full_build_installs_into_its_own_directory_and_records_marker_and_installed_state(build):
    tmp_path, env = build
    for number, fingerprint in enumerate([F2, F1, F1], start=5):  # the last one: a forced rebuild of F1
        full_build(tmp_path, {**env, "FINGERPRINT": fingerprint, "ARTIFACT_PREFIX": f"builds/ml/demo/{fingerprint}/",
                              "CODEBUILD_BUILD_NUMBER": str(number), "CODEBUILD_BUILD_ID": f"ml:{number}"})
    package_dir = tmp_path / "efs/packages/demo"
    assert os.readlink(package_dir / "current") == f"{F1}-7"
    assert (package_dir / "current/site-packages/demo/__init__.py").read_text() == "NAME = 'demo'\n"
    assert json.loads((package_dir / f"{F1}-7/BUILD-ENV.json").read_text())["python"]
    assert json.loads((package_dir / f"{F1}-7/INSTALLED.json").read_text())["buildId"] == "ml:7"
    assert sorted(p.name for p in package_dir.iterdir() if not p.name.startswith(".")) == [f"{F1}-6", f"{F1}-7", "current"]
    marker = uploaded(tmp_path, f"builds/ml/demo/{F1}/built.json")
    assert {k: marker[k] for k in ("package", "fingerprint", "buildId")} == {"package": "demo", "fingerprint": F1,
                                                                            "buildId": "ml:7"}
    assert marker["outputs"] == {"efsPath": f"/packages/demo/{F1}-7", "current": "/packages/demo/current"}
    check_marker(marker)
    record = uploaded(tmp_path, "builds/ml/demo/installed.json")
    check_installed_record(record)
    assert {k: record[k] for k in ("package", "fileSystemId", "fingerprint", "versionDir", "buildId")} == {
        "package": "demo", "fileSystemId": "fs-0123abcd", "fingerprint": F1, "versionDir": f"{F1}-7", "buildId": "ml:7"}


def promote_only(tmp_path, env):
    """The promote step, then every later step as CodeBuild would run them (the build ones must skip)."""
    env = {**env, "BUILD_MODE": "promote", "CODEBUILD_BUILD_ID": "ml:9", "CODEBUILD_BUILD_NUMBER": "9"}
    shutil.rmtree(tmp_path / "uploads", ignore_errors=True)
    result = run(step("install", "install_version.py activate"), tmp_path, env)
    assert result.returncode == 0, result.stderr
    return result, env


def test_a_promote_run_of_an_installed_version_switches_current_and_skips_the_build(build):
    tmp_path, env = build
    full_build(tmp_path, env)
    full_build(tmp_path, {**env, "FINGERPRINT": F2, "ARTIFACT_PREFIX": f"builds/ml/demo/{F2}/",
                          "CODEBUILD_BUILD_NUMBER": "8"})
    result, env = promote_only(tmp_path, env)
    assert f"current now points at the installed {F1}; nothing to build" in result.stdout
    assert os.readlink(tmp_path / "efs/packages/demo/current") == f"{F1}-7"
    # The venv python is gone: any later step that did not skip would fail.
    (tmp_path / "venv/bin/python").unlink()
    for later in phase("install")[-2:] + phase("build"):
        assert run(later, tmp_path, env).returncode == 0
    assert run(phase("post_build")[0], tmp_path, {**env, "CODEBUILD_BUILD_SUCCEEDING": "1"}).returncode == 0
    assert uploaded(tmp_path, f"builds/ml/demo/{F1}/built.json") is None, "a promote-only run rewrote the marker"
    record = uploaded(tmp_path, "builds/ml/demo/installed.json")
    check_installed_record(record)
    assert (record["fingerprint"], record["versionDir"], record["buildId"]) == (F1, f"{F1}-7", "ml:9")


def test_a_promote_run_of_a_version_no_longer_installed_builds_it(build):
    tmp_path, env = build
    full_build(tmp_path, {**env, "FINGERPRINT": F2, "ARTIFACT_PREFIX": f"builds/ml/demo/{F2}/"})
    result, env = promote_only(tmp_path, env)
    assert f"{F1} is not installed on fs-0123abcd (pruned, or a new file system): building it" in result.stdout
    assert not (tmp_path / "promoted-only").exists()
    full_build(tmp_path, env)
    assert os.readlink(tmp_path / "efs/packages/demo/current") == f"{F1}-9"
    assert uploaded(tmp_path, f"builds/ml/demo/{F1}/built.json")["buildId"] == "ml:9"


def test_nothing_is_recorded_after_a_failed_build(build):
    tmp_path, env = build
    marker_step = phase("post_build")[0]
    assert run(marker_step, tmp_path, {**env, "CODEBUILD_BUILD_SUCCEEDING": "0"}).returncode == 0
    assert not (tmp_path / "uploads").exists()


NVIDIA_SMI_A10G = "#!/bin/sh\necho '8.6, NVIDIA A10G, 535.183.01'\n"
NVIDIA_SMI_BROKEN = ("#!/bin/sh\necho \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA "
                     "driver. Make sure that the latest NVIDIA driver is installed and running.\"\nexit 9\n")


@pytest.mark.parametrize("gpu_build, nvidia_smi, code, printed, exports", [
    ("true", NVIDIA_SMI_A10G, 0, "GPU 0: NVIDIA A10G, compute capability 8.6, driver 535.183.01",
     {"TORCH_CUDA_ARCH_LIST": "8.6", "ML_BUILD_REQUIRE_GPU": "1"}),
    ("true", None, 1, "GPU_BUILD=true (ml-training:gpuBuild) but nvidia-smi is not on PATH", None),
    ("true", NVIDIA_SMI_BROKEN, 1, "nvidia-smi failed with exit code 9: NVIDIA-SMI has failed", None),
    ("false", None, 0, "compiling without a GPU for TORCH_CUDA_ARCH_LIST=7.5;8.0;8.6;8.9;9.0+PTX",
     {"TORCH_CUDA_ARCH_LIST": "7.5;8.0;8.6;8.9;9.0+PTX", "ML_BUILD_REQUIRE_GPU": "0"}),
])
def test_the_gpu_step_needs_a_gpu_exactly_when_the_build_asks_for_one(build, gpu_build, nvidia_smi, code, printed,
                                                                       exports):
    tmp_path, env = build
    write_tools(tmp_path, env)
    if nvidia_smi:
        script(tmp_path / "bin/nvidia-smi", nvidia_smi)
    # Only the stand-ins on PATH: a real nvidia-smi of the machine running the tests must not count.
    result = run(step("install", "gpu_check.py --env-file"), tmp_path, {**env, "GPU_BUILD": gpu_build,
                                                                         "PATH": str(tmp_path / "bin")})
    assert result.returncode == code, result.stderr
    assert printed in result.stdout + result.stderr
    if exports is not None:
        sourced = subprocess.run([BASH, "-c", f"source {tmp_path}/gpu.env && env"], capture_output=True, text=True,
                                 env={}).stdout.splitlines()
        assert {k: v for k, v in (line.split("=", 1) for line in sourced) if k in exports} == exports


def test_tests_run_against_the_installed_wheel_and_require_torch_the_extension_and_the_gpu_when_asked():
    tests = step("build", "-m pytest")
    assert "ML_BUILD_REQUIRE_TORCH=1" in tests and "ML_BUILD_REQUIRE_EXTENSION=1" in tests
    assert 'ML_BUILD_REQUIRE_GPU="$ML_BUILD_REQUIRE_GPU"' in tests and 'source "$GPU_ENV_FILE"' in tests
    assert "-o pythonpath=" in tests
    # The install step comes after the tests: a failing test never reaches EFS.
    commands = phase("build")
    assert commands.index(tests) < commands.index(step("build", "/tmp/install_version.py promote"))
    # The GPU is checked before anything is downloaded or compiled.
    install = phase("install")
    assert install.index(step("install", "gpu_check.py --env-file")) < install.index(step("install", "-m venv"))
