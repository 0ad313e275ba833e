"""The shell: Telegram application, storage, lead funnel, webhook server and the `adviesbot` command line."""
