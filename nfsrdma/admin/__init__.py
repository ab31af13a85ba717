"""Operator tools that read a running server: `nfsrdma stats` (nfsstat-like figures) and
`nfsrdma exports` (exportfs -v-like), both from the server's /metrics endpoint."""

from nfsrdma.admin.scrape import DEFAULT_URL, Scrape, ScrapeError, fetch, metrics_url

__all__ = ["DEFAULT_URL", "Scrape", "ScrapeError", "fetch", "metrics_url"]
