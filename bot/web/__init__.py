"""The firm's website as a channel: the embeddable widget (`static/widget.js`), the chat endpoint and the
public calculation API under /api/v1, all from the same engine and the same store as Telegram."""
