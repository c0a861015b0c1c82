"""report-auditor: audits Chinese government performance reports for inconsistencies."""

__version__ = "0.1.0"
