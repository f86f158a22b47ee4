"""Message bodies for chat incoming webhooks, in each service's own JSON shape.

Slack (api.slack.com/messaging/webhooks): `text` (shown in notifications) plus a Block Kit
`section` in mrkdwn, where a link is `<url|label>` and `&`, `<`, `>` are escaped.
Microsoft Teams (learn.microsoft.com, "Create Incoming Webhooks", "Send Adaptive Cards using an
Incoming Webhook"): a `message` with one Adaptive Card attachment, a TextBlock and an
Action.OpenUrl button. Pure Python.
"""

from __future__ import annotations

from typing import Any

SERVICES = ("slack", "teams")
OPEN = "Open in audit-engine"  # the link's label in English (services/mail/chat.py words it)


def slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_body(title: str, link: str | None, label: str = OPEN) -> dict[str, Any]:
    text = f"*{slack_escape(title)}*"
    if link:
        text += f"\n<{link}|{slack_escape(label)}>"
    return {"text": title, "blocks": [{"type": "section", "text": {"type": "mrkdwn",
                                                                    "text": text}}]}


def teams_body(title: str, link: str | None, label: str = OPEN) -> dict[str, Any]:
    card = {"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard", "version": "1.2",
            "body": [{"type": "TextBlock", "text": title, "wrap": True, "weight": "Bolder"}]}
    if link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": label,
                            "url": link}]
    return {"type": "message", "attachments": [{
        "contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None,
        "content": card}]}


def body(service: str, title: str, link: str | None, label: str = OPEN) -> dict[str, Any]:
    """The message: `title`, and under it a button or link labelled `label` (in the
    channel's language) when there is a `link`."""
    return (slack_body(title, link, label) if service == "slack"
            else teams_body(title, link, label))


def masked(url: str) -> str:
    """What pages show of a secret URL: scheme and host, never the token path."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}/…"
