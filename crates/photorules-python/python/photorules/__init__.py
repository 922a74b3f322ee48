"""photorules: check portrait photos against identity-document photo requirements.

Every decision is explained down to the regulation it comes from, and every report carries a
decision record that ``photorules check --replay`` reproduces. The shipped profiles, plugins and
face models come with the package, and the face networks run in its native module: nothing else
is installed.

>>> from photorules import Photorules
>>> pr = Photorules()
>>> report = pr.check("portrait.jpg", "kz/driving-licence")   # doctest: +SKIP
>>> report["decision"]                                        # doctest: +SKIP
'reject'
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

__all__ = [
    "Photorules",
    "Prepared",
    "Sheet",
    "PhotorulesError",
    "UsageError",
    "InputError",
    "ProfileError",
    "SetupError",
    "SHIPPED_RULES",
    "SHIPPED_PLUGINS",
    "__version__",
]

_PACKAGE = Path(__file__).resolve().parent
#: The profiles shipped with the package (``<id>.rules`` files).
SHIPPED_RULES = _PACKAGE / "rules"
#: The plugins shipped with the package (one folder per plugin, each with ``plugin.toml``).
SHIPPED_PLUGINS = _PACKAGE / "plugins"

from ._photorules import (
    InputError,
    NativePhotorules as _NativePhotorules,
    PhotorulesError,
    ProfileError,
    SetupError,
    UsageError,
    __version__,
)

PhotoInput = Union[bytes, bytearray, str, "os.PathLike[str]"]


class Sheet:
    """A print sheet: the raster file (300 dpi), the PDF, and what was laid out."""

    __slots__ = ("raster", "pdf", "summary")

    def __init__(self, raster: bytes, pdf: bytes, summary: Dict[str, Any]) -> None:
        self.raster = raster
        self.pdf = pdf
        self.summary = summary

    def __repr__(self) -> str:
        return f"Sheet({self.summary.get('copies')} copies on {self.summary.get('paper')})"


class Prepared:
    """What ``Photorules.prepare`` made.

    ``outcome`` is ``accepted``, ``undetermined``, ``rejected`` or ``refused``; ``photo`` is the
    prepared file's bytes (``None`` when no usable photo could be made: the report says why);
    ``sheet`` is a :class:`Sheet` when one was asked for and a photo was made; ``report`` is the
    JSON report ``photorules prepare`` writes beside the photo, as a dict.
    """

    __slots__ = ("outcome", "photo", "file_type", "sheet", "report")

    def __init__(
        self,
        outcome: str,
        photo: Optional[bytes],
        file_type: str,
        sheet: Optional[Sheet],
        report: Dict[str, Any],
    ) -> None:
        self.outcome = outcome
        self.photo = photo
        self.file_type = file_type
        self.sheet = sheet
        self.report = report

    def __repr__(self) -> str:
        size = "no photo" if self.photo is None else f"{len(self.photo)} bytes"
        return f"Prepared(outcome={self.outcome!r}, {size}, sheet={self.sheet!r})"


class Photorules:
    """Profiles, face models, plugins and the engine, set up once; share it between calls.

    ``rules_root`` is where profile ``ID`` is found as ``<rules_root>/<ID>.rules``: by default
    the profiles shipped with the package. Plugins are loaded from the ``plugins`` folder
    beside the rules root when there is one (the shipped plugins for the shipped rules), and
    from each folder in ``plugin_dirs``; ``no_plugins=True`` loads none (rules on plugin
    metrics then read ``unknown``).

    The calls release the GIL while they work, so threads check photos in parallel. Failures
    raise :class:`PhotorulesError` subclasses whose ``code`` is the CLI's exit code and whose
    message is the CLI's.
    """

    def __init__(
        self,
        rules_root: Optional[Union[str, "os.PathLike[str]"]] = None,
        plugin_dirs: Sequence[Union[str, "os.PathLike[str]"]] = (),
        no_plugins: bool = False,
    ) -> None:
        root = Path(rules_root) if rules_root is not None else SHIPPED_RULES
        dirs: List[Path] = []
        if not no_plugins:
            beside = root.parent / "plugins"
            if beside.is_dir():
                dirs.append(beside)
            dirs.extend(Path(d) for d in plugin_dirs)
        self._native = _NativePhotorules(str(root), [str(d) for d in dirs])

    @property
    def rules_root(self) -> Path:
        """The folder profiles are looked up under."""
        return Path(self._native.rules_root)

    def plugins(self) -> List[Dict[str, str]]:
        """The loaded plugins, each with ``name``, ``version`` and ``sha256``."""
        return [
            {"name": name, "version": version, "sha256": sha256}
            for name, version, sha256 in self._native.plugins()
        ]

    def plugin_errors(self) -> List[str]:
        """Plugins that were found but refused, each with the file and the cause."""
        return list(self._native.plugin_errors())

    def check(
        self,
        photo: PhotoInput,
        profile: str,
        lang: Optional[str] = None,
        age: Optional[int] = None,
    ) -> Dict[str, Any]:
        """Check ``photo`` (its bytes, or a path) against ``profile`` (an id such as
        ``kz/driving-licence``, or the path of a ``.rules`` file).

        Returns the report ``photorules check --format json`` prints, as a dict: ``decision``
        (``accept``, ``reject`` or ``undetermined``), ``rules`` with each verdict and its
        provenance, a ``fix`` sentence on each failed rule, ``to_confirm``, ``metrics`` and the
        decision ``record``. A rejected photo is a report, not an exception. ``lang`` picks the
        report's language (``en``, ``kk``, ``ru``; by default the profile's first); another
        raises :class:`UsageError`. Verdicts are the same in every language. ``age`` is the
        applicant's declared age in whole years (``check --age``), for profiles with children's
        exceptions; it is recorded in the report as the metric ``applicant.age_years``.
        """
        return json.loads(self._native.check_json(photo, profile, lang, age))

    def check_json(
        self,
        photo: PhotoInput,
        profile: str,
        lang: Optional[str] = None,
        age: Optional[int] = None,
    ) -> str:
        """:meth:`check`'s report as the exact JSON text the CLI prints."""
        return self._native.check_json(photo, profile, lang, age)

    def measure(self, photo: PhotoInput) -> Dict[str, Any]:
        """Every built-in metric of ``photo``, measured or absent with the reason: one file's
        entry of ``photorules measure --format json`` (``status``, ``sha256``, ``image``,
        ``metrics``), without its ``file``."""
        return json.loads(self._native.measure_json(photo))

    def prepare(
        self,
        photo: PhotoInput,
        profile: str,
        sheet: Optional[str] = None,
        *,
        file_type: str = "jpeg",
        format: Optional[str] = None,
        background: str = "auto",
        date: Optional[str] = None,
        output_name: Optional[str] = None,
        lang: Optional[str] = None,
    ) -> Prepared:
        """Prepare a photo that ``profile`` accepts from a portrait, as ``photorules prepare``
        does: crop, turn, resample, replace the background where needed, encode within the
        format's limits, and check the result with the same profile.

        ``sheet`` also lays out a print sheet (``10x15cm``, ``A6``, ``A4`` or ``4x6in``);
        ``file_type`` is ``jpeg`` or ``png``; ``format`` names the profile's format (``print``,
        ``digital``…; by default ``digital`` when the profile has one); ``background`` is
        ``auto``, ``always`` or ``never``; ``date`` (``YYYY-MM-DD``, today by default) is
        printed in the sheet's caption; ``output_name`` is the file name the report records for
        the prepared photo (``photorules prepare`` records its ``--out``); ``lang`` is the
        report's language as for :meth:`check`.
        """
        made = self._native.prepare(
            photo, profile, sheet, file_type, format, background, date, output_name, lang
        )
        made_sheet = made["sheet"]
        return Prepared(
            outcome=made["outcome"],
            photo=made["photo"],
            file_type=made["file_type"],
            sheet=None
            if made_sheet is None
            else Sheet(made_sheet["raster"], made_sheet["pdf"], json.loads(made_sheet["summary_json"])),
            report=json.loads(made["report_json"]),
        )

    def profiles(self) -> List[Dict[str, Any]]:
        """The profiles under the rules root, as ``photorules profiles --format json`` lists
        them: id, title, jurisdiction, document, status, oldest verification, rule counts."""
        return json.loads(self._native.profiles_json())

    def __repr__(self) -> str:
        return f"Photorules(rules_root={str(self.rules_root)!r})"
