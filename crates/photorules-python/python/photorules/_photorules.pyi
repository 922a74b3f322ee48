"""Type stubs of the native module (built from crates/photorules-python/src)."""

import os
from typing import Any, Dict, List, Optional, Tuple, Union

__version__: str

class PhotorulesError(Exception):
    """A photorules call failed; ``code`` is the CLI's exit code for the same failure."""

    code: int

class UsageError(PhotorulesError): ...
class InputError(PhotorulesError): ...
class ProfileError(PhotorulesError): ...
class SetupError(PhotorulesError): ...

_Photo = Union[bytes, bytearray, str, "os.PathLike[str]"]

class NativePhotorules:
    def __init__(self, rules_root: str, plugin_dirs: List[str]) -> None: ...
    @property
    def rules_root(self) -> str: ...
    def plugin_errors(self) -> List[str]: ...
    def plugins(self) -> List[Tuple[str, str, str]]: ...
    def check_json(
        self, photo: _Photo, profile: str, lang: Optional[str] = None, age: Optional[int] = None
    ) -> str: ...
    def measure_json(self, photo: _Photo) -> str: ...
    def prepare(
        self,
        photo: _Photo,
        profile: str,
        sheet: Optional[str] = None,
        file_type: str = "jpeg",
        format: Optional[str] = None,
        background: str = "auto",
        date: Optional[str] = None,
        output_name: Optional[str] = None,
        lang: Optional[str] = None,
    ) -> Dict[str, Any]: ...
    def profiles_json(self) -> str: ...
