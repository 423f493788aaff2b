"""Crash-safe training checkpoints on a shared file system (EFS), with or without torch.

Layout of a checkpoint directory::

    step-000000001200.json                 manifest: the commit record of step 1200
    step-000000001200-3f9a1c2e.ckpt        payload the manifest names (random suffix per write)

A checkpoint exists only once its manifest exists, and it is valid only if the payload it names
has the recorded size and SHA-256. Both files are written as temp file -> flush -> fsync ->
os.replace -> fsync(directory), payload first, manifest last, so a crash at any moment (a spot
instance reclaimed mid-write) leaves either the previous state or the complete new checkpoint,
never a partial one that a resuming job would load. Re-saving a step writes a new payload name
and swaps the manifest, so even that is atomic.

State: ``bytes`` are stored as is; anything else goes through ``torch.save`` when torch is
already imported by the trainer (the state may hold tensors), else through ``pickle``. Loading a
torch checkpoint imports torch. Only load checkpoints this job family wrote: pickle and
``torch.load(weights_only=False)`` execute code from the file.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import logging
import os
import pickle
import re
import secrets
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable

logger = logging.getLogger(__name__)

MANIFEST_VERSION = 1
_MANIFEST = re.compile(r"^step-(\d{12})\.json$")
_PAYLOAD = re.compile(r"^step-(\d{12})-[0-9a-f]{8}\.ckpt$")
_TEMP_MARK = ".tmp-"
_CHUNK = 4 * 1024 * 1024
MAX_STEP = 10**12 - 1


class CheckpointError(Exception):
    """A checkpoint is missing, corrupt or unreadable."""


@dataclass(frozen=True)
class CheckpointInfo:
    step: int
    manifest_path: Path
    payload_path: Path
    size: int
    sha256: str
    serializer: str
    created_at: str
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class LoadedCheckpoint:
    info: CheckpointInfo
    state: Any

    @property
    def step(self) -> int:
        return self.info.step


def _fsync_dir(directory: Path) -> None:
    # The rename is durable only once the directory entry is on disk too.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _hash_file(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def write_atomically(path: Path, write: Callable[[BinaryIO], None]) -> tuple[int, str]:
    """Write `path` via `write(file)` so it appears complete or not at all; returns (size, sha256)."""
    tmp = path.with_name(f".{path.name}{_TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")
    try:
        with open(tmp, "xb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        size, digest = _hash_file(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)
    return size, digest


def _serializer_for(state: Any) -> str:
    if isinstance(state, (bytes, bytearray, memoryview)):
        return "bytes"
    # Only a trainer that already imported torch can hold tensors; never import it just for this.
    return "torch" if "torch" in sys.modules else "pickle"


def _dump(state: Any, serializer: str, f: BinaryIO) -> None:
    if serializer == "bytes":
        f.write(bytes(state))
    elif serializer == "torch":
        sys.modules["torch"].save(state, f)
    else:
        pickle.dump(state, f, protocol=pickle.HIGHEST_PROTOCOL)


class CheckpointManager:
    """Saves and finds checkpoints in one directory (one per training job).

    keep_last: how many valid checkpoints `save` keeps (older ones are deleted).
    stale_after_seconds: temp files and unreferenced payloads younger than this are left alone,
        because another process (an instance being reclaimed) may still be writing them.
    """

    def __init__(self, directory: str | os.PathLike, *, keep_last: int = 3, stale_after_seconds: float = 3600) -> None:
        if keep_last < 1:
            raise ValueError(f"keep_last is {keep_last}; expected at least 1")
        self.directory = Path(directory)
        self.keep_last = keep_last
        self.stale_after_seconds = stale_after_seconds
        self.directory.mkdir(parents=True, exist_ok=True)

    # -- writing ---------------------------------------------------------------------------------

    def save(self, step: int, state: Any, *, metadata: dict | None = None) -> CheckpointInfo:
        if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step <= MAX_STEP:
            raise ValueError(f"step is {step!r}; expected a whole number from 0 to {MAX_STEP}")
        serializer = _serializer_for(state)
        payload = self.directory / f"step-{step:012d}-{secrets.token_hex(4)}.ckpt"
        size, digest = write_atomically(payload, lambda f: _dump(state, serializer, f))
        manifest = {
            "version": MANIFEST_VERSION,
            "step": step,
            "payload": payload.name,
            "size": size,
            "sha256": digest,
            "serializer": serializer,
            "createdAt": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="milliseconds"),
            "metadata": metadata or {},
        }
        manifest_path = self.directory / f"step-{step:012d}.json"
        try:
            self._write_manifest(manifest_path, manifest)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                payload.unlink()
            raise
        info = self._info_from(manifest_path, manifest)
        self.prune()
        return info

    def _write_manifest(self, path: Path, manifest: dict) -> None:
        data = json.dumps(manifest, indent=2, sort_keys=True).encode()
        write_atomically(path, lambda f: f.write(data))

    def prune(self) -> None:
        """Keep the newest `keep_last` checkpoints; delete older ones and stale leftovers."""
        checkpoints = self.list_checkpoints()
        kept = checkpoints[-self.keep_last:]
        for info in checkpoints[: -self.keep_last]:
            # Manifest first: the checkpoint disappears atomically, the payload is then just garbage.
            with contextlib.suppress(FileNotFoundError):
                info.manifest_path.unlink()
            with contextlib.suppress(FileNotFoundError):
                info.payload_path.unlink()
        referenced = {i.payload_path.name for i in kept} | {i.manifest_path.name for i in kept}
        cutoff = time.time() - self.stale_after_seconds
        for path in self.directory.iterdir():
            name = path.name
            leftover = _TEMP_MARK in name or (_PAYLOAD.match(name) and name not in referenced) or (
                _MANIFEST.match(name) and name not in referenced)
            if not leftover:
                continue
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    logger.info("removed stale checkpoint file %s", path)

    # -- reading ---------------------------------------------------------------------------------

    def list_checkpoints(self) -> list[CheckpointInfo]:
        """Checkpoints whose manifest is sound and whose payload has the recorded size, by step.

        Cheap: the checksum is verified when a checkpoint is loaded, not here."""
        found = []
        for path in self.directory.iterdir():
            if _MANIFEST.match(path.name):
                info = self._read_manifest(path)
                if info is not None:
                    found.append(info)
        return sorted(found, key=lambda i: i.step)

    def latest(self) -> CheckpointInfo | None:
        """The newest checkpoint whose payload matches its checksum (corrupt ones are skipped)."""
        for info in reversed(self.list_checkpoints()):
            if self.verify(info):
                return info
        return None

    def load_latest(self, **torch_load_kwargs: Any) -> LoadedCheckpoint | None:
        """Resume point: the newest checkpoint that verifies and loads; None if there is none."""
        for info in reversed(self.list_checkpoints()):
            try:
                return LoadedCheckpoint(info, self.load(info, **torch_load_kwargs))
            except CheckpointError as exc:
                logger.warning("skipping checkpoint at step %d: %s", info.step, exc)
        return None

    def verify(self, info: CheckpointInfo) -> bool:
        try:
            size, digest = _hash_file(info.payload_path)
        except OSError:
            return False
        return size == info.size and digest == info.sha256

    def load(self, info: CheckpointInfo, **torch_load_kwargs: Any) -> Any:
        # Verify by streaming, then deserialize from the file: a multi-GB checkpoint is never
        # held twice in memory. Payload names are unique per write, so the file cannot change
        # between the check and the read (only a later prune may delete it).
        try:
            size, digest = _hash_file(info.payload_path)
        except OSError as exc:
            raise CheckpointError(f"payload {info.payload_path.name} cannot be read: {exc}") from None
        if size != info.size or digest != info.sha256:
            raise CheckpointError(
                f"payload {info.payload_path.name} is {size} bytes with sha256 {digest[:12]}...; "
                f"expected {info.size} bytes with sha256 {info.sha256[:12]}..."
            )
        try:
            if info.serializer == "bytes":
                return info.payload_path.read_bytes()
            if info.serializer == "torch":
                import torch  # a torch checkpoint needs torch to load, by definition

                torch_load_kwargs.setdefault("weights_only", False)
                return torch.load(info.payload_path, **torch_load_kwargs)
            with open(info.payload_path, "rb") as f:
                return pickle.load(f)
        except ImportError as exc:
            raise CheckpointError(f"checkpoint needs {exc.name} to load") from None
        except Exception as exc:  # a payload that hashes right but does not deserialize
            raise CheckpointError(f"payload {info.payload_path.name} does not deserialize: {exc!r}") from None

    def _read_manifest(self, path: Path) -> CheckpointInfo | None:
        try:
            manifest = json.loads(path.read_text())
            info = self._info_from(path, manifest)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.warning("ignoring unreadable checkpoint manifest %s: %s", path.name, exc)
            return None
        expected_step = int(_MANIFEST.match(path.name).group(1))
        problems = []
        if manifest.get("version") != MANIFEST_VERSION:
            problems.append(f"version is {manifest.get('version')!r}, expected {MANIFEST_VERSION}")
        if info.step != expected_step:
            problems.append(f"step is {info.step}, expected {expected_step} (from the file name)")
        if not _PAYLOAD.match(info.payload_path.name) or info.payload_path.parent != self.directory:
            problems.append(f"payload is {manifest.get('payload')!r}, expected a payload file in this directory")
        elif not info.payload_path.is_file() or info.payload_path.stat().st_size != info.size:
            problems.append(f"payload {info.payload_path.name} is missing or not {info.size} bytes")
        if problems:
            logger.warning("ignoring checkpoint manifest %s: %s", path.name, "; ".join(problems))
            return None
        return info

    def _info_from(self, manifest_path: Path, manifest: dict) -> CheckpointInfo:
        return CheckpointInfo(
            step=int(manifest["step"]),
            manifest_path=manifest_path,
            payload_path=self.directory / str(manifest["payload"]),
            size=int(manifest["size"]),
            sha256=str(manifest["sha256"]),
            serializer=str(manifest["serializer"]),
            created_at=str(manifest["createdAt"]),
            metadata=dict(manifest.get("metadata") or {}),
        )
