"""Excel workbooks (.xlsx, .xlsm): read with python-calamine, written by patching the
package's parts in place (:mod:`.patch`) or, where that cannot be done safely, through
openpyxl (:mod:`.backend`); charts and colour rules are built once (:mod:`.drawing`,
:mod:`.colours`) for whichever writer runs."""

from .backend import XlsxBackend

__all__ = ["XlsxBackend"]
