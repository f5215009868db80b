"""Helpers the tests share: servers, the browser, config and data writers, snapshot fixtures."""
