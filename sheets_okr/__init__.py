"""sheets-okr: score OKRs and KPIs kept in a spreadsheet and write the results back."""

__version__ = "0.1.0"
