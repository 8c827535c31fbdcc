"""Notifications beyond the inbox (issue 9 §2): by SMS or e-mail, as each user chose on the 通知
page. The inbox is always written; a chosen channel is sent by a background job after commit
(an SMS gateway's latency never holds a request or a lock). The channels themselves belong to
the app that owns the senders (``delivery``), which registers them from its ``ready()`` —
core imports none of ours."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.tasks import task

from zhifa.org.models import User

log = logging.getLogger("zhifa.notifications")

# What the message says: never the party's personal data, only what the title says (case
# numbers, kinds of steps) and where to look.
FOOTER = "请登录执法平台「通知」查看。"


@dataclass(frozen=True)
class Channel:
    name: str  # "sms", "email"
    label: str  # 短信, 电子邮件
    contact: Callable[[User], str]  # the user's phone or address ("" if none)
    send: Callable[[str, str, str], None]  # (contact, subject, text)


CHANNELS: dict[str, Channel] = {}


def register_channel(channel: Channel) -> None:
    CHANNELS[channel.name] = channel


def chosen(user: User) -> list[Channel]:
    """The channels the user chose that can reach them."""
    names = [n for n, on in (("sms", user.notify_sms), ("email", user.notify_email)) if on]
    return [CHANNELS[n] for n in names if n in CHANNELS and CHANNELS[n].contact(user)]


@task(queue_name="default")
def send_notification(pk: int) -> list[str]:
    """Send one notification by the channels its user chose; a failing channel is logged and
    does not stop the others (the inbox has it either way)."""
    from zhifa.core.models import Notification

    row = Notification.objects.select_related("user").filter(pk=pk).first()
    if row is None:
        return []
    sent = []
    text = f"【执法平台】{row.title}。{FOOTER}"
    for channel in chosen(row.user):
        try:
            channel.send(channel.contact(row.user), row.title, text)
        except Exception:
            log.exception("通知 %s 经%s发送失败", pk, channel.label)
            continue
        sent.append(channel.name)
    return sent
