#!/usr/bin/env python3
"""OCI image archives without a registry or a Docker daemon (python3 standard library only).

An archive is what `ctr -n k8s.io images import FILE` (containerd 1.6+) and `skopeo copy
oci-archive:FILE ...` read: a tar of oci-layout, index.json and blobs/sha256/<digest>. Each image in
index.json carries io.containerd.image.name (the full reference, which `ctr images import` names the
image by) and org.opencontainers.image.ref.name (the tag, as containerd's own exporter writes it).

commands (each has --help):
  build OUT --name REF [--base IMAGE] [--image IMAGE | --layer PATH]... [--add SRC:DEST[:MODE]]...
        [--entrypoint JSON] [--cmd JSON] [--env K=V]... [--user U] [--workdir DIR] [--port P[/tcp]]...
        [--label K=V]... [--volume DIR]... [--stop-signal SIG] [--owner UID:GID] [--gzip-level N]
      An image from the BASE image's layers and config, then in command-line order each --image's
      layers (its config merged over: entrypoint/cmd/user/workdir replaced when it sets them, env
      merged by name, ports, volumes and labels added) and each --layer (a directory, tarred
      deterministically with owners and modes kept, or a .tar / .tar.gz), then one layer of the
      --add files (an empty SRC makes an empty folder: --add :/dev:0755); the config options
      last. IMAGE is an archive of ours (OCI) or a docker-save tarball (Jib's jib-image.*.tar).
      --name may be repeated: one index entry per name.
  static OUT --name REF --binary PATH [--dest /PATH] [config options]
      An image of one static binary (pause, CoreDNS, Traefik, ...) plus /etc/passwd, /etc/group
      (root, nonroot 65532, nobody) and /tmp; the entrypoint is the binary unless given.
  verify ARCHIVE...     index -> manifest -> config -> layers: sizes, digests and diff_ids
  inspect ARCHIVE       names, manifest digest, config and layer sizes, as JSON
  unpack ARCHIVE DIR    apply the layers (whiteouts too) to DIR, owners kept (as root)

Reproducible: files' mtimes are SOURCE_DATE_EPOCH (default 0), gzip headers carry no time or
name, and the config's `created` is --created, else the newest of the input images', else the epoch.
"""

import argparse
import gzip
import hashlib
import io
import json
import os
import shutil
import stat
import struct
import sys
import tarfile
import tempfile
import time
import zlib

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
LAYER_TAR = "application/vnd.oci.image.layer.v1.tar"
LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip"
DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar"
NAME_ANNOTATION = "io.containerd.image.name"
REF_ANNOTATION = "org.opencontainers.image.ref.name"
CHUNK = 1 << 20


def fail(message):
    raise SystemExit(f"oci.py: {message}")


def epoch():
    return int(os.environ.get("SOURCE_DATE_EPOCH", "0"))


def rfc3339(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return "sha256:" + digest.hexdigest()


def is_gzip(path):
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


def split_reference(ref):
    """(repository, tag) of a full reference; the tag is what OCI's ref.name holds."""
    name, _, digest = ref.partition("@")
    slash = name.rfind("/")
    colon = name.rfind(":")
    if colon > slash:
        return name[:colon], name[colon + 1:]
    if digest:
        return name, ""
    fail(f"{ref}: a reference needs a tag (registry/name:tag)")


# ---------------------------------------------------------------------------------------------
# Blobs: everything that goes into blobs/sha256 is staged as a file first, digest and size known.


class Blob:
    """A blob to write: staged in a temp file, or read from a member of an input archive."""

    def __init__(self, digest, size, media_type, path=None, source=None, member=None, diff_id=None):
        self.digest, self.size, self.media_type = digest, size, media_type
        self.path, self.source, self.member, self.diff_id = path, source, member, diff_id

    def open(self):
        if self.path:
            return open(self.path, "rb")
        return self.source.tar.extractfile(self.member)

    def descriptor(self):
        return {"mediaType": self.media_type, "digest": self.digest, "size": self.size}


class Staging:
    """A temp folder next to the output for blobs made here."""

    def __init__(self, out):
        self.dir = tempfile.mkdtemp(prefix=".oci-", dir=os.path.dirname(os.path.abspath(out)))
        self.count = 0

    def path(self):
        self.count += 1
        return os.path.join(self.dir, f"blob{self.count}")

    def bytes_blob(self, data, media_type):
        path = self.path()
        with open(path, "wb") as f:
            f.write(data)
        return Blob("sha256:" + hashlib.sha256(data).hexdigest(), len(data), media_type, path=path)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class HashingWriter:
    """A file wrapper that hashes and counts what goes through it."""

    def __init__(self, f):
        self.f, self.hash, self.size = f, hashlib.sha256(), 0

    def write(self, data):
        self.hash.update(data)
        self.size += len(data)
        return self.f.write(data)

    def flush(self):
        self.f.flush()

    def digest(self):
        return "sha256:" + self.hash.hexdigest()


def compress_layer(staging, write_tar, level):
    """A layer blob from a function writing an uncompressed tar to a file object: the diff_id is
    the tar's sha256, the digest the blob's. Level 0 leaves it uncompressed."""
    path = staging.path()
    with open(path, "wb") as raw:
        outer = HashingWriter(raw)
        if level:
            gz = gzip.GzipFile(filename="", mode="wb", compresslevel=level, fileobj=outer, mtime=0)
            inner = HashingWriter(gz)
            write_tar(inner)
            gz.close()
        else:
            inner = outer
            write_tar(inner)
    return Blob(outer.digest(), outer.size, LAYER_GZIP if level else LAYER_TAR, path=path,
                diff_id=inner.digest())


def layer_from_tarfile(staging, path, level):
    """A layer from an existing .tar (compressed here unless level 0) or .tar.gz (kept as is)."""
    if is_gzip(path):
        diff = hashlib.sha256()
        with gzip.open(path, "rb") as f:
            for chunk in iter(lambda: f.read(CHUNK), b""):
                diff.update(chunk)
        return Blob(sha256_file(path), os.path.getsize(path), LAYER_GZIP, path=path,
                    diff_id="sha256:" + diff.hexdigest())

    def copy(out):
        with open(path, "rb") as f:
            shutil.copyfileobj(f, out, CHUNK)

    return compress_layer(staging, copy, level)


def parse_owner(text):
    if text is None:
        return None
    uid, _, gid = text.partition(":")
    return int(uid), int(gid or uid)


def normalise(info, owner, mtime):
    info.mtime = mtime
    info.uname = info.gname = ""
    if owner:
        info.uid, info.gid = owner
    return info


def write_directory_tar(out, root, owner, mtime):
    """A deterministic tar of root's contents: sorted, fixed mtimes, no user names, hard links
    as links; owners and modes as on disk unless owner is given. Sockets and fifos are left out."""
    with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        seen = {}

        def add(path, arcname):
            st = os.lstat(path)
            if stat.S_ISSOCK(st.st_mode) or stat.S_ISFIFO(st.st_mode):
                return
            info = tar.gettarinfo(path, arcname)
            normalise(info, owner, mtime)
            if info.isreg() and st.st_nlink > 1:
                key = (st.st_dev, st.st_ino)
                if key in seen:
                    info.type, info.linkname, info.size = tarfile.LNKTYPE, seen[key], 0
                    tar.addfile(info)
                    return
                seen[key] = arcname
            if info.isreg():
                with open(path, "rb") as f:
                    tar.addfile(info, f)
            else:
                tar.addfile(info)

        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            rel = os.path.relpath(dirpath, root)
            for name in sorted(filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]):
                add(os.path.join(dirpath, name), os.path.normpath(os.path.join(rel, name)))
            for name in dirnames:
                full = os.path.join(dirpath, name)
                if not os.path.islink(full):
                    # before its contents: os.walk is top-down
                    add(full, os.path.normpath(os.path.join(rel, name)))


def layer_from_directory(staging, root, owner, level):
    return compress_layer(staging, lambda out: write_directory_tar(out, root, owner, epoch()), level)


def parse_mode(text, default):
    return int(text, 8) if text else default


def layer_from_files(staging, specs, owner, level):
    """One layer of SRC:DEST[:MODE] files (root-owned unless --owner), parents as 0755 dirs."""
    mtime = epoch()
    uid, gid = owner or (0, 0)
    entries = {}
    for spec in specs:
        parts = spec.split(":")
        if len(parts) not in (2, 3) or not parts[1].startswith("/"):
            fail(f"--add {spec}: expected SRC:/DEST[:MODE]")
        src, dest = parts[0], parts[1].strip("/")
        mode = parse_mode(parts[2] if len(parts) == 3 else None,
                          stat.S_IMODE(os.stat(src).st_mode) if src and os.path.isfile(src) else 0o755)
        parent = os.path.dirname(dest)
        while parent and parent not in entries:
            entries[parent] = ("dir", None, 0o755)
            parent = os.path.dirname(parent)
        if not src or os.path.isdir(src):
            entries[dest] = ("dir", None, mode)
        else:
            entries[dest] = ("file", src, mode)

    def write(out):
        with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            for name in sorted(entries):
                kind, src, mode = entries[name]
                info = tarfile.TarInfo(name)
                info.mode, info.uid, info.gid, info.mtime = mode, uid, gid, mtime
                if kind == "dir":
                    info.type = tarfile.DIRTYPE
                    tar.addfile(info)
                else:
                    info.size = os.path.getsize(src)
                    with open(src, "rb") as f:
                        tar.addfile(info, f)

    return compress_layer(staging, write, level)


def layer_from_entries(staging, entries, level):
    """A layer from (TarInfo, bytes or None) pairs, in order."""
    def write(out):
        with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as tar:
            for info, data in entries:
                tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return compress_layer(staging, write, level)


# ---------------------------------------------------------------------------------------------
# Reading images: our OCI archives and docker-save tarballs (Jib's).


class Image:
    """An input image: its config and its layer blobs, read lazily from the archive."""

    def __init__(self, path, ref=None):
        self.path = path
        self.tar = tarfile.open(path)
        self.members = {os.path.normpath(m.name): m for m in self.tar.getmembers()}
        if "index.json" in self.members:
            self._read_oci(ref)
        elif "manifest.json" in self.members:
            self._read_docker(ref)
        else:
            fail(f"{path}: neither an OCI archive (index.json) nor a docker-save tarball (manifest.json)")
        diff_ids = self.config.get("rootfs", {}).get("diff_ids", [])
        if len(diff_ids) != len(self.layers):
            fail(f"{path}: {len(self.layers)} layers but {len(diff_ids)} diff_ids")
        for blob, diff_id in zip(self.layers, diff_ids):
            blob.diff_id = diff_id

    def read(self, name):
        member = self.members.get(os.path.normpath(name))
        if member is None:
            fail(f"{self.path}: no {name}")
        return self.tar.extractfile(member).read()

    def blob(self, digest, media_type, size=None):
        name = "blobs/" + digest.replace(":", "/", 1)
        member = self.members.get(name)
        if member is None:
            fail(f"{self.path}: blob {digest} missing")
        if size is not None and member.size != size:
            fail(f"{self.path}: blob {digest} is {member.size} bytes, descriptor says {size}")
        return Blob(digest, member.size, media_type, source=self, member=member)

    def _read_oci(self, ref):
        index = json.loads(self.read("index.json"))
        manifests = index.get("manifests", [])
        if ref:
            manifests = [m for m in manifests if (m.get("annotations") or {}).get(NAME_ANNOTATION) == ref]
        if not manifests:
            fail(f"{self.path}: no image{' named ' + ref if ref else ''} in index.json")
        desc = manifests[0]
        if desc.get("mediaType") == OCI_INDEX:
            fail(f"{self.path}: nested indexes (multi-platform images) are not supported")
        self.names = [(m.get("annotations") or {}).get(NAME_ANNOTATION) for m in index["manifests"]
                      if m["digest"] == desc["digest"]]
        manifest = json.loads(self.read("blobs/" + desc["digest"].replace(":", "/", 1)))
        self.config = json.loads(self.read("blobs/" + manifest["config"]["digest"].replace(":", "/", 1)))
        self.layers = [self.blob(layer["digest"], to_oci_media_type(layer["mediaType"]), layer["size"])
                       for layer in manifest["layers"]]

    def _read_docker(self, ref):
        manifests = json.loads(self.read("manifest.json"))
        if ref:
            manifests = [m for m in manifests if ref in (m.get("RepoTags") or [])]
        if not manifests:
            fail(f"{self.path}: no image{' named ' + ref if ref else ''} in manifest.json")
        manifest = manifests[0]
        self.names = manifest.get("RepoTags") or []
        self.config = json.loads(self.read(manifest["Config"]))
        self.layers = []
        for name in manifest["Layers"]:
            member = self.members.get(os.path.normpath(name))
            if member is None:
                fail(f"{self.path}: layer {name} missing")
            data = self.tar.extractfile(member)
            compressed = data.read(2) == b"\x1f\x8b"
            digest = hashlib.sha256()
            data = self.tar.extractfile(member)
            for chunk in iter(lambda: data.read(CHUNK), b""):
                digest.update(chunk)
            self.layers.append(Blob("sha256:" + digest.hexdigest(), member.size,
                                    LAYER_GZIP if compressed else LAYER_TAR, source=self, member=member))


def to_oci_media_type(media_type):
    return {DOCKER_LAYER_GZIP: LAYER_GZIP, DOCKER_LAYER_TAR: LAYER_TAR}.get(media_type, media_type)


# ---------------------------------------------------------------------------------------------
# Config.

MERGE_REPLACE = ("User", "WorkingDir", "StopSignal")


def empty_config():
    return {"architecture": "amd64", "os": "linux", "config": {}, "rootfs": {"type": "layers", "diff_ids": []},
            "history": []}


def env_merge(base, top):
    """Env lists merged by name: top's value wins, base's order kept, new names appended."""
    merged = {}
    for entry in (base or []) + (top or []):
        name, _, _ = entry.partition("=")
        merged[name] = entry
    return list(merged.values())


def merge_config(base, top):
    """Docker's rules for an image built on another: a new Entrypoint drops the base's Cmd."""
    b, t = base.setdefault("config", {}), top.get("config") or {}
    if t.get("Entrypoint") is not None:
        b["Entrypoint"] = t["Entrypoint"]
        b["Cmd"] = t.get("Cmd")
    elif t.get("Cmd") is not None:
        b["Cmd"] = t["Cmd"]
    for key in MERGE_REPLACE:
        if t.get(key):
            b[key] = t[key]
    if t.get("Env"):
        b["Env"] = env_merge(b.get("Env"), t["Env"])
    for key in ("ExposedPorts", "Volumes", "Labels"):
        if t.get(key):
            b[key] = {**(b.get(key) or {}), **t[key]}
    if (top.get("architecture"), top.get("os")) != (base.get("architecture"), base.get("os")):
        fail(f"platform {top.get('os')}/{top.get('architecture')} on a "
             f"{base.get('os')}/{base.get('architecture')} base")


def json_list(text, option):
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        value = None
    if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        fail(f"{option}: expected a JSON list of strings (or null), got {text}")
    return value


def apply_options(config, args):
    c = config.setdefault("config", {})
    if args.entrypoint is not None:
        c["Entrypoint"] = json_list(args.entrypoint, "--entrypoint")
        if args.cmd is None:
            c["Cmd"] = None
    if args.cmd is not None:
        c["Cmd"] = json_list(args.cmd, "--cmd")
    if args.env:
        c["Env"] = env_merge(c.get("Env"), args.env)
    if args.user is not None:
        c["User"] = args.user
    if args.workdir is not None:
        c["WorkingDir"] = args.workdir
    if args.stop_signal is not None:
        c["StopSignal"] = args.stop_signal
    for port in args.port or []:
        c.setdefault("ExposedPorts", {})[port if "/" in port else port + "/tcp"] = {}
    for volume in args.volume or []:
        c.setdefault("Volumes", {})[volume] = {}
    for label in args.label or []:
        key, sep, value = label.partition("=")
        if not sep:
            fail(f"--label {label}: expected KEY=VALUE")
        c.setdefault("Labels", {})[key] = value
    for key in [k for k, v in c.items() if v is None or v == {} or v == []]:
        del c[key]


# ---------------------------------------------------------------------------------------------
# Writing the archive.


def tar_add_bytes(tar, name, data, mtime):
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o644, mtime
    tar.addfile(info, io.BytesIO(data))


class VerifyingReader:
    def __init__(self, f):
        self.f, self.hash = f, hashlib.sha256()

    def read(self, n=-1):
        data = self.f.read(n)
        self.hash.update(data)
        return data


def write_archive(out, names, config, layers, staging, annotations=None):
    """OUT as an OCI archive of one image under each of names."""
    config_blob = staging.bytes_blob(canonical(config), OCI_CONFIG)
    manifest = {"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": config_blob.descriptor(),
                "layers": [layer.descriptor() for layer in layers]}
    if annotations:
        manifest["annotations"] = annotations
    manifest_blob = staging.bytes_blob(canonical(manifest), OCI_MANIFEST)
    platform = {"architecture": config["architecture"], "os": config["os"]}
    index = {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [
        {**manifest_blob.descriptor(), "platform": platform,
         "annotations": {NAME_ANNOTATION: name, REF_ANNOTATION: split_reference(name)[1]}}
        for name in names]}
    mtime = epoch()
    tmp = out + ".tmp"
    written = set()
    try:
        with tarfile.open(tmp, "w", format=tarfile.PAX_FORMAT) as tar:
            tar_add_bytes(tar, "oci-layout", canonical({"imageLayoutVersion": "1.0.0"}), mtime)
            for directory in ("blobs", "blobs/sha256"):
                info = tarfile.TarInfo(directory)
                info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, mtime
                tar.addfile(info)
            for blob in [*layers, config_blob, manifest_blob]:
                if blob.digest in written:
                    continue
                written.add(blob.digest)
                info = tarfile.TarInfo("blobs/" + blob.digest.replace(":", "/", 1))
                info.size, info.mode, info.mtime = blob.size, 0o644, mtime
                with blob.open() as f:
                    reader = VerifyingReader(f)
                    tar.addfile(info, reader)
                    if "sha256:" + reader.hash.hexdigest() != blob.digest:
                        fail(f"blob {blob.digest} from {blob.source.path if blob.source else blob.path} "
                             "does not match its digest")
            tar_add_bytes(tar, "index.json", canonical(index), mtime)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return manifest_blob.digest


# ---------------------------------------------------------------------------------------------
# Commands.


class Steps(argparse.Action):
    """--image and --layer into one ordered list."""

    def __call__(self, parser, namespace, values, option_string=None):
        steps = getattr(namespace, "steps", None) or []
        steps.append((self.dest, values))
        namespace.steps = steps


def add_config_options(p):
    g = p.add_argument_group("config (applied last)")
    g.add_argument("--entrypoint", metavar="JSON", help='e.g. \'["java","-jar","/app.jar"]\'; null clears')
    g.add_argument("--cmd", metavar="JSON", help="the default arguments; null clears")
    g.add_argument("--env", action="append", metavar="K=V", help="set (replaces a same-named one)")
    g.add_argument("--user", metavar="UID[:GID]")
    g.add_argument("--workdir", metavar="DIR")
    g.add_argument("--port", action="append", metavar="P[/tcp]")
    g.add_argument("--volume", action="append", metavar="DIR")
    g.add_argument("--label", action="append", metavar="K=V")
    g.add_argument("--stop-signal", metavar="SIG")
    g.add_argument("--created", metavar="RFC3339", help="default: newest input image's, else the epoch")
    g.add_argument("--owner", metavar="UID:GID", help="owner of directory --layer and --add files "
                   "(default: a directory's as on disk, root for --add)")
    g.add_argument("--gzip-level", type=int, default=6, metavar="N", help="for new layers; 0: uncompressed")
    g.add_argument("--history", metavar="TEXT", help="created_by of the new layers' history entries")


def build_image(args, staging, extra_layers=()):
    config = empty_config()
    layers, created = [], []
    inputs = []
    if args.base:
        base = Image(args.base)
        inputs.append(base)
        config = json.loads(json.dumps(base.config))
        config.setdefault("history", [])
        layers = list(base.layers)
        created.append(base.config.get("created"))
    owner = parse_owner(args.owner)
    new_history = args.history or "oci.py"
    for kind, value in getattr(args, "steps", None) or []:
        if kind == "image":
            image = Image(value)
            inputs.append(image)
            merge_config(config, image.config)
            layers += image.layers
            config["history"] = (config.get("history") or []) + (image.config.get("history") or [])
            created.append(image.config.get("created"))
        elif os.path.isdir(value):
            layers.append(layer_from_directory(staging, value, owner, args.gzip_level))
            config["history"].append({"created_by": f"{new_history}: layer {os.path.basename(value.rstrip('/'))}"})
        elif os.path.isfile(value):
            layers.append(layer_from_tarfile(staging, value, args.gzip_level))
            config["history"].append({"created_by": f"{new_history}: layer {os.path.basename(value)}"})
        else:
            fail(f"--layer {value}: no such file or directory")
    if args.add:
        layers.append(layer_from_files(staging, args.add, owner, args.gzip_level))
        config["history"].append({"created_by": f"{new_history}: add {' '.join(a.split(':')[1] for a in args.add)}"})
    for layer in extra_layers:
        layers.append(layer)
        config["history"].append({"created_by": f"{new_history}: static binary"})
    apply_options(config, args)
    # history entries must match the layers: drop the ones Jib or others mark empty_layer and
    # rebuild a consistent list when the counts disagree
    history = config.get("history") or []
    if sum(1 for h in history if not h.get("empty_layer")) != len(layers):
        history = [{"created_by": new_history} for _ in layers]
    config["history"] = history
    config["rootfs"] = {"type": "layers", "diff_ids": [layer.diff_id for layer in layers]}
    stamps = [c for c in created if c]
    config["created"] = args.created or (max(stamps) if stamps else rfc3339(epoch()))
    for entry in config["history"]:
        entry.setdefault("created", config["created"])
    digest = write_archive(args.out, args.name, config, layers, staging)
    for image in inputs:
        image.tar.close()
    return digest, config, layers


def cmd_build(args):
    staging = Staging(args.out)
    try:
        digest, config, layers = build_image(args, staging)
    finally:
        staging.close()
    report(args.out, args.name, digest, layers)


def elf_interpreter(path):
    """The ELF's PT_INTERP (a dynamic binary's loader), or None for a static one."""
    with open(path, "rb") as f:
        head = f.read(64)
        if head[:4] != b"\x7fELF":
            fail(f"{path}: not an ELF binary")
        if head[4] != 2 or head[5] != 1:
            fail(f"{path}: only 64-bit little-endian ELF binaries are supported")
        phoff, = struct.unpack_from("<Q", head, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
        for i in range(phnum):
            f.seek(phoff + i * phentsize)
            ptype, _, offset, _, _, filesz = struct.unpack("<IIQQQQ", f.read(40))
            if ptype == 3:
                f.seek(offset)
                return f.read(filesz).rstrip(b"\0").decode()
    return None


def cmd_static(args):
    interpreter = elf_interpreter(args.binary)
    if interpreter:
        fail(f"{args.binary} is dynamically linked (interpreter {interpreter}): it would not run alone")
    dest = (args.dest or "/" + os.path.basename(args.binary)).strip("/")
    mtime = epoch()
    entries = []

    def directory(name, mode):
        info = tarfile.TarInfo(name)
        info.type, info.mode, info.mtime = tarfile.DIRTYPE, mode, mtime
        entries.append((info, None))

    def file(name, data, mode):
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = len(data), mode, mtime
        entries.append((info, data))

    directory("etc", 0o755)
    file("etc/group", b"root:x:0:\nnonroot:x:65532:\nnogroup:x:65534:\n", 0o644)
    file("etc/passwd", b"root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:"
         b"/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n", 0o644)
    directory("tmp", 0o1777)
    parents = []
    parent = os.path.dirname(dest)
    while parent:
        parents.insert(0, parent)
        parent = os.path.dirname(parent)
    for name in parents:
        if name not in ("etc", "tmp"):
            directory(name, 0o755)
    with open(args.binary, "rb") as f:
        file(dest, f.read(), 0o755)
    entries.sort(key=lambda e: e[0].name)
    if args.entrypoint is None:
        args.entrypoint = json.dumps(["/" + dest])
    args.base, args.add, args.steps = None, None, []
    staging = Staging(args.out)
    try:
        layer = layer_from_entries(staging, entries, args.gzip_level)
        digest, config, layers = build_image(args, staging, extra_layers=[layer])
    finally:
        staging.close()
    report(args.out, args.name, digest, layers)


def report(out, names, digest, layers):
    size = os.path.getsize(out)
    print(f"{out}: {', '.join(names)} {digest} {len(layers)} layers, {size / 1e6:.1f} MB")


def read_index(tar, path):
    members = {os.path.normpath(m.name): m for m in tar.getmembers()}

    def read(name):
        member = members.get(os.path.normpath(name))
        if member is None:
            raise ValueError(f"{name} missing")
        return tar.extractfile(member).read()
    if b"1.0.0" not in read("oci-layout"):
        raise ValueError("oci-layout is not version 1.0.0")
    return members, read, json.loads(read("index.json"))


def verify(path):
    """Problems with an archive, or [] when index, manifests, configs and layers all agree."""
    problems = []
    with tarfile.open(path) as tar:
        try:
            members, read, index = read_index(tar, path)
        except (ValueError, KeyError, json.JSONDecodeError) as e:
            return [str(e)]

        def blob(desc):
            data = read("blobs/" + desc["digest"].replace(":", "/", 1))
            if len(data) != desc["size"]:
                problems.append(f"{desc['digest']}: {len(data)} bytes, descriptor says {desc['size']}")
            if "sha256:" + hashlib.sha256(data).hexdigest() != desc["digest"]:
                problems.append(f"{desc['digest']}: content does not match the digest")
            return data
        if not index.get("manifests"):
            problems.append("index.json lists no image")
        checked = set()
        for desc in index.get("manifests", []):
            notes = desc.get("annotations") or {}
            if not notes.get(NAME_ANNOTATION):
                problems.append(f"{desc['digest']}: no {NAME_ANNOTATION} annotation: ctr would not name it")
            if desc["digest"] in checked:
                continue
            checked.add(desc["digest"])
            manifest = json.loads(blob(desc))
            if manifest.get("mediaType") != desc.get("mediaType"):
                problems.append(f"manifest mediaType {manifest.get('mediaType')} != index's {desc.get('mediaType')}")
            config = json.loads(blob(manifest["config"]))
            diff_ids = config.get("rootfs", {}).get("diff_ids", [])
            if len(diff_ids) != len(manifest["layers"]):
                problems.append(f"{len(manifest['layers'])} layers, {len(diff_ids)} diff_ids")
            platform = desc.get("platform")
            if platform and (platform.get("os"), platform.get("architecture")) != (config.get("os"), config.get("architecture")):
                problems.append(f"index platform {platform} != config's {config.get('os')}/{config.get('architecture')}")
            history = [h for h in config.get("history", []) if not h.get("empty_layer")]
            if config.get("history") and len(history) != len(diff_ids):
                problems.append(f"{len(history)} non-empty history entries for {len(diff_ids)} layers")
            for layer, diff_id in zip(manifest["layers"], diff_ids):
                name = "blobs/" + layer["digest"].replace(":", "/", 1)
                member = members.get(name)
                if member is None:
                    problems.append(f"layer {layer['digest']} missing")
                    continue
                if member.size != layer["size"]:
                    problems.append(f"layer {layer['digest']}: {member.size} bytes, descriptor says {layer['size']}")
                outer, inner = hashlib.sha256(), hashlib.sha256()
                f = tar.extractfile(member)
                inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if layer["mediaType"].endswith("gzip") else None
                for chunk in iter(lambda: f.read(CHUNK), b""):
                    outer.update(chunk)
                    inner.update(inflate.decompress(chunk) if inflate else chunk)
                if inflate:
                    inner.update(inflate.flush())
                if "sha256:" + outer.hexdigest() != layer["digest"]:
                    problems.append(f"layer {layer['digest']}: content does not match the digest")
                if "sha256:" + inner.hexdigest() != diff_id:
                    problems.append(f"layer {layer['digest']}: uncompressed sha256:{inner.hexdigest()} != diff_id {diff_id}")
    return problems


def cmd_verify(args):
    failed = False
    for path in args.archives:
        problems = verify(path)
        for problem in problems:
            print(f"{path}: {problem}", file=sys.stderr)
        if problems:
            failed = True
        else:
            info = inspect(path)
            print(f"ok {path}: {', '.join(info['names'])}, {len(info['layers'])} layers")
    sys.exit(1 if failed else 0)


def inspect(path):
    with tarfile.open(path) as tar:
        _, read, index = read_index(tar, path)
        desc = index["manifests"][0]
        manifest = json.loads(read("blobs/" + desc["digest"].replace(":", "/", 1)))
        config = json.loads(read("blobs/" + manifest["config"]["digest"].replace(":", "/", 1)))
    return {"names": [(m.get("annotations") or {}).get(NAME_ANNOTATION) for m in index["manifests"]],
            "manifest": desc["digest"], "created": config.get("created"),
            "platform": f"{config.get('os')}/{config.get('architecture')}", "config": config.get("config"),
            "layers": [{"digest": layer["digest"], "size": layer["size"], "mediaType": layer["mediaType"]}
                       for layer in manifest["layers"]],
            "compressed_size": sum(layer["size"] for layer in manifest["layers"])}


def cmd_inspect(args):
    print(json.dumps(inspect(args.archive), indent=2))


def safe_join(root, name):
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        fail(f"layer member {name} escapes the root")
    if not parts:
        return root
    path = os.path.join(root, *parts)
    parent = os.path.realpath(os.path.dirname(path))
    if parent != root and not parent.startswith(root + os.sep):
        fail(f"layer member {name} goes through a symbolic link out of the root")
    return path


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def cmd_unpack(args):
    root = os.path.realpath(args.dir)
    os.makedirs(root, exist_ok=True)
    as_root = os.geteuid() == 0
    with tarfile.open(args.archive) as outer:
        _, read, index = read_index(outer, args.archive)
        manifest = json.loads(read("blobs/" + index["manifests"][0]["digest"].replace(":", "/", 1)))
        for layer in manifest["layers"]:
            f = outer.extractfile("blobs/" + layer["digest"].replace(":", "/", 1))
            directories = []
            with tarfile.open(fileobj=f, mode="r|*") as tar:
                for member in tar:
                    name = member.name
                    base = os.path.basename(name.rstrip("/"))
                    if base == ".wh..wh..opq":
                        directory = safe_join(root, os.path.dirname(name))
                        for child in os.listdir(directory) if os.path.isdir(directory) else []:
                            remove(os.path.join(directory, child))
                        continue
                    if base.startswith(".wh."):
                        remove(safe_join(root, os.path.join(os.path.dirname(name), base[4:])))
                        continue
                    path = safe_join(root, name)
                    if member.isdev() and not as_root:
                        continue
                    if os.path.lexists(path) and not (member.isdir() and os.path.isdir(path) and not os.path.islink(path)):
                        remove(path)
                    if member.islnk():
                        os.link(safe_join(root, member.linkname), path)
                        continue
                    tar.extract(member, root, set_attrs=not member.isdir(), numeric_owner=True)
                    if member.isdir():
                        directories.append(member)
            for member in reversed(directories):  # after their contents, as tar does
                path = safe_join(root, member.name)
                if as_root:
                    os.lchown(path, member.uid, member.gid)
                os.chmod(path, member.mode)
                os.utime(path, (member.mtime, member.mtime))
    print(f"{args.archive}: {len(manifest['layers'])} layers unpacked into {args.dir}")


def main():
    parser = argparse.ArgumentParser(prog="oci.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     usage="%(prog)s COMMAND [options]  (oci.py COMMAND --help: its options)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="an image from a base, images, layers and files")
    p.add_argument("out", metavar="OUT", help="the archive to write (replaced atomically)")
    p.add_argument("--name", action="append", required=True, metavar="REF", help="registry/name:tag; repeatable")
    p.add_argument("--base", metavar="IMAGE", help="OCI archive or docker-save tarball to start from")
    p.add_argument("--image", action=Steps, metavar="IMAGE", help="another image's layers and config on top")
    p.add_argument("--layer", action=Steps, metavar="PATH", help="a directory, .tar or .tar.gz as a layer")
    p.add_argument("--add", action="append", metavar="SRC:DEST[:MODE]",
                   help="a file (or, SRC a folder or empty, an empty folder) into the last layer")
    add_config_options(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("static", help="an image of one static binary")
    p.add_argument("out", metavar="OUT")
    p.add_argument("--name", action="append", required=True, metavar="REF")
    p.add_argument("--binary", required=True, metavar="PATH")
    p.add_argument("--dest", metavar="/PATH", help="where in the image (default /<its name>)")
    add_config_options(p)
    p.set_defaults(func=cmd_static)

    p = sub.add_parser("verify", help="check archives' digests, sizes and diff_ids")
    p.add_argument("archives", nargs="+", metavar="ARCHIVE")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("inspect", help="print an archive's names, config and layers")
    p.add_argument("archive", metavar="ARCHIVE")
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("unpack", help="apply an archive's layers to a directory")
    p.add_argument("archive", metavar="ARCHIVE")
    p.add_argument("dir", metavar="DIR")
    p.set_defaults(func=cmd_unpack)

    args = parser.parse_args()
    for name in getattr(args, "name", None) or []:
        split_reference(name)
    args.func(args)


if __name__ == "__main__":
    main()
