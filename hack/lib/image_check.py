#!/usr/bin/env python3
"""Checks one image tarball written by JKube's Jib strategy (docker-save layout: manifest.json,
config.json, gzipped layers), built FROM scratch so that every file in it is the application's,
against what the Orderly pods rely on. Prints every problem and exits
1 when there is one. With --extract DIR it also unpacks the image's files into DIR and prints the
run spec on stdout for hack/images.sh: working dir, env count, env entries, entrypoint, each
NUL-terminated.

The expectations are written down here, not read from the pom, so a pom change that breaks the
pods' contract (operator model PodSecurity and ServiceModel, the Helm chart) fails the check."""

import argparse
import gzip
import hashlib
import io
import json
import posixpath
import sys
import tarfile
import zipfile

USER = "10001:10001"  # the pods' runAsUser/runAsGroup
PORTS = {"8080/tcp": {}}  # SERVER_PORT of the services, HEALTH_PORT of the operator
APP_DIR = "/deployments"
JVM_FLAGS = ("-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData",
             "-Djava.io.tmpdir=/tmp")
LABELS = ("org.opencontainers.image.title", "org.opencontainers.image.description",
          "org.opencontainers.image.version", "org.opencontainers.image.revision",
          "org.opencontainers.image.base.name")


def read_image(path):
    """The manifest, the config and each layer's uncompressed bytes, in order."""
    with tarfile.open(path) as outer:
        manifests = json.load(outer.extractfile("manifest.json"))
        if len(manifests) != 1:
            raise SystemExit(f"{path}: {len(manifests)} images in manifest.json, expected 1")
        manifest = manifests[0]
        config = json.load(outer.extractfile(manifest["Config"]))
        layers = [gzip.decompress(outer.extractfile(name).read()) for name in manifest["Layers"]]
    return manifest, config, layers


def manifest_attributes(jar_bytes):
    """Main attributes of a jar's MANIFEST.MF, continuation lines joined."""
    with zipfile.ZipFile(io.BytesIO(jar_bytes)) as jar:
        text = jar.read("META-INF/MANIFEST.MF").decode("utf-8")
    attributes, key = {}, None
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith(" ") and key:
            attributes[key] += line[1:]
        elif ": " in line:
            key, value = line.split(": ", 1)
            attributes[key] = value
        elif not line:
            break  # end of the main section
    return attributes


def check(args, manifest, config, layers):
    """Every way the image differs from the contract, and its files by absolute path."""
    problems = []

    def expect(what, actual, expected):
        if actual != expected:
            problems.append(f"{what}: {actual!r}, expected {expected!r}")

    expect("RepoTags", manifest.get("RepoTags"), [args.ref])
    expect("platform", (config.get("os"), config.get("architecture")), ("linux", "amd64"))
    diff_ids = config.get("rootfs", {}).get("diff_ids", [])
    expect("diff_ids", diff_ids, ["sha256:" + hashlib.sha256(layer).hexdigest() for layer in layers])

    c = config.get("config", {})
    jar_path = f"{APP_DIR}/{args.jar}.jar"
    expect("Entrypoint", c.get("Entrypoint"), ["java", "-jar", jar_path])
    expect("Cmd", c.get("Cmd"), None)  # would be appended to the entrypoint as program arguments
    expect("User", c.get("User"), USER)
    expect("ExposedPorts", c.get("ExposedPorts"), PORTS)
    expect("WorkingDir", c.get("WorkingDir"), APP_DIR)
    env = dict(entry.split("=", 1) for entry in c.get("Env") or [])
    flags = env.get("JDK_JAVA_OPTIONS", "").split()
    for flag in JVM_FLAGS:
        if flag not in flags:
            problems.append(f"JDK_JAVA_OPTIONS {flags} lacks {flag}")
    if "JAVA_TOOL_OPTIONS" in env:
        problems.append("JAVA_TOOL_OPTIONS is set: it is left to agents and pods")
    labels = c.get("Labels") or {}
    for label in LABELS:
        if not labels.get(label):
            problems.append(f"label {label} missing or empty")
    expect("label title", labels.get("org.opencontainers.image.title"), args.jar)
    expect("label version", labels.get("org.opencontainers.image.version"), args.ref.rsplit(":", 1)[1])
    expect("label base.name", labels.get("org.opencontainers.image.base.name"), args.base)

    files = {}  # absolute path -> (TarInfo, layer bytes); a later layer wins
    for layer in layers:
        with tarfile.open(fileobj=io.BytesIO(layer)) as tar:
            for member in tar.getmembers():
                files[posixpath.normpath("/" + member.name)] = (member, layer)
    for path, (member, _) in sorted(files.items()):
        if path != APP_DIR and not path.startswith(APP_DIR + "/"):
            problems.append(f"{path}: outside {APP_DIR}")
        if not (member.isfile() or member.isdir()):
            problems.append(f"{path}: neither a file nor a directory")
        # uid 10001 owns nothing in the image: it must be able to read everything, write nothing
        if member.mode & 0o004 == 0 or (member.isdir() and member.mode & 0o001 == 0):
            problems.append(f"{path}: mode {member.mode:o} not readable by uid 10001")
        if member.mode & 0o7022:
            problems.append(f"{path}: mode {member.mode:o} writable by group/others or setuid")

    if jar_path not in files:
        problems.append(f"{jar_path} missing")
        return problems, files
    member, layer = files[jar_path]
    with tarfile.open(fileobj=io.BytesIO(layer)) as tar:
        attributes = manifest_attributes(tar.extractfile(member.name).read())
    expect("Main-Class", attributes.get("Main-Class"), args.main_class)
    class_path = attributes.get("Class-Path", "").split()
    if not class_path:
        problems.append(f"{jar_path}: no Class-Path")
    for entry in class_path:
        if f"{APP_DIR}/{entry}" not in files:
            problems.append(f"Class-Path entry {entry} missing from the image")
    libs = {p for p in files if p.startswith(f"{APP_DIR}/libs/") and p.endswith(".jar")}
    for stray in sorted(libs - {f"{APP_DIR}/{entry}" for entry in class_path}):
        problems.append(f"{stray}: not on the Class-Path (a stale target/libs? ./mvnw clean)")
    return problems, files


def extract(layers, directory, config):
    """Unpacks the checked layers into directory; prints the run spec for hack/images.sh."""
    # check() has confined every path to APP_DIR; Debian 12's python3 (3.11.2) has no filters
    safe = {"filter": "tar"} if hasattr(tarfile, "tar_filter") else {}
    for layer in layers:
        with tarfile.open(fileobj=io.BytesIO(layer)) as tar:
            tar.extractall(directory, **safe)
    c = config["config"]
    env = c.get("Env") or []
    for field in [c["WorkingDir"], str(len(env)), *env, *c["Entrypoint"]]:
        sys.stdout.write(field + "\0")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tarball")
    parser.add_argument("--ref", required=True, help="expected image reference, registry/id:tag")
    parser.add_argument("--jar", required=True, help="artifact id: the jar and the title label")
    parser.add_argument("--main-class", required=True)
    parser.add_argument("--base", required=True, help="expected base image label")
    parser.add_argument("--extract", metavar="DIR")
    args = parser.parse_args()
    manifest, config, layers = read_image(args.tarball)
    problems, files = check(args, manifest, config, layers)
    for problem in problems:
        print(f"{args.ref}: {problem}", file=sys.stderr)
    if problems:
        sys.exit(1)
    # With --extract, standard output carries the run spec, so the verdict goes to standard error.
    print(f"ok {args.ref}: {len(layers)} layers, {len(files)} paths, entrypoint "
          f"{' '.join(config['config']['Entrypoint'])}, user {USER}",
          file=sys.stderr if args.extract else sys.stdout)
    if args.extract:
        extract(layers, args.extract, config)


if __name__ == "__main__":
    main()
