"""Apache Jena and the OWL API from their Debian packages, for the reference-tool tests.

Both are run with ``java -cp``: Debian ships their jars in /usr/share/java but no command
scripts. The classpaths list each package's jars by name, because the whole folder holds
conflicting logging bindings. Jena 4.5.0 as packaged looks up its relocated Xerces
message bundles under ``xerces/`` while the jar holds them under
``org/apache/jena/ext/xerces/``; a folder with copies at the expected place, put first on
the classpath, lets every command run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

JARS = Path("/usr/share/java")
REFERENCE = Path(__file__).parent / "reference"
LOGGING = ("slf4j-api", "slf4j-nop")
JENA = (
    *(
        f"jena-{m}"
        for m in (
            "arq", "base", "cmds", "core", "dboe-base", "dboe-index", "dboe-storage",
            "dboe-trans-data", "dboe-transaction", "iri", "rdfconnection", "shacl", "shex",
            "tdb", "tdb2",
        )
    ),
    "commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io",
    "commons-lang3", "dexx.collection", "gson", "guava", "httpclient", "httpcore",
    "jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java", "protobuf",
    "thrift", "titanium-json-ld", *LOGGING,
)  # fmt: skip
OWLAPI = (
    # Without owlapi-rio: its RDF4J parsers would stand in for the OWL API's own, which are
    # the ones Protege reads with.
    *(f"owlapi-{m}" for m in ("api", "apibinding", "impl", "parsers", "oboformat", "tools")),
    "caffeine", "guava", "hppcrt", "jsr305", "commons-codec", "commons-io", "commons-rdf-api",
    "jackson-core", "jackson-databind", "jackson-annotations", "xz", "atinject-jsr330-api",
    *LOGGING,
)  # fmt: skip


def _classpath(names: tuple[str, ...], extra: list[Path]) -> str:
    jars = [JARS / f"{n}.jar" for n in names if (JARS / f"{n}.jar").is_file()]
    return os.pathsep.join(str(p) for p in [*extra, *jars])


@dataclass(frozen=True)
class JavaTools:
    """Compiled helpers and the classpaths to run Jena and the OWL API."""

    folder: Path

    @property
    def jena(self) -> str:
        return _classpath(JENA, [self.folder / "xerces-fix", self.folder / "classes"])

    @property
    def owlapi(self) -> str:
        return _classpath(OWLAPI, [self.folder / "classes"])

    def run(self, classpath: str, main: str, *args: str, timeout: int = 900) -> str:
        """Run one JVM; stdout, or a failure that shows the end of stderr."""
        java = shutil.which("java") or "java"
        done = subprocess.run(  # noqa: S603 - our own arguments
            [java, "-Xss8m", "-cp", classpath, main, *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            pytest.fail(f"{main} exited with {done.returncode}:\n{done.stderr[-3000:]}")
        return done.stdout


def missing() -> list[str]:
    """What this machine lacks to run the Java reference tools."""
    needs = {
        "javac (default-jdk-headless)": shutil.which("javac"),
        "Jena (libapache-jena-java)": (JARS / "jena-shacl.jar").is_file() or None,
        "OWL API (libowlapi-java)": (JARS / "owlapi-api.jar").is_file() or None,
    }
    return [name for name, found in needs.items() if not found]


def prepare(folder: Path) -> JavaTools:
    """Copy Jena's Xerces bundles where it looks for them and compile the helpers."""
    fix = folder / "xerces-fix"
    with zipfile.ZipFile(JARS / "jena-core.jar") as jar:
        relocated = "org/apache/jena/ext/"
        for name in jar.namelist():
            if name.startswith(relocated + "xerces/") and name.endswith(".properties"):
                target = fix / name[len(relocated) :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    tools = JavaTools(folder)
    classes = folder / "classes"
    classes.mkdir(parents=True, exist_ok=True)
    javac = shutil.which("javac") or "javac"
    for source, classpath in (("JenaShacl.java", tools.jena), ("OwlCheck.java", tools.owlapi)):
        subprocess.run(  # noqa: S603 - our own sources
            [javac, "-nowarn", "-cp", classpath, "-d", str(classes), str(REFERENCE / source)],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return tools
