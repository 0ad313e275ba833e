"""The dashboard's own tables: staff users, the audit log, and the status history of a lead.

Leads themselves are read and changed through `bot.lead_storage.LeadStore`; this store only adds what the dashboard
keeps about its users and their actions.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from bot.database import writer
from bot.models import AuditLog, Lead, LeadStatusChange, StaffUser

AUDIT_SHOWN = 200


class StaffUserExists(Exception):
    pass


class StaffStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._read = async_sessionmaker(engine, expire_on_commit=False)
        self._write = async_sessionmaker(writer(engine), expire_on_commit=False)

    async def add_user(self, email: str, password_hash: str, now: dt.datetime) -> StaffUser:
        try:
            async with self._write() as session, session.begin():
                user = StaffUser(email=email, password_hash=password_hash, created_at=now)
                session.add(user)
                await session.flush()
                return user
        except IntegrityError:
            raise StaffUserExists(email) from None

    async def remove_user(self, email: str) -> bool:
        async with self._write() as session, session.begin():
            result = await session.execute(delete(StaffUser).where(StaffUser.email == email))
            return bool(getattr(result, "rowcount", 0))

    async def users(self) -> list[StaffUser]:
        async with self._read() as session:
            return list(await session.scalars(select(StaffUser).order_by(StaffUser.email)))

    async def user_by_email(self, email: str) -> StaffUser | None:
        async with self._read() as session:
            return await session.scalar(select(StaffUser).where(StaffUser.email == email))

    async def user(self, user_id: int) -> StaffUser | None:
        async with self._read() as session:
            return await session.get(StaffUser, user_id)

    async def signed_in(self, user_id: int, now: dt.datetime, new_hash: str | None) -> None:
        async with self._write() as session, session.begin():
            user = await session.get(StaffUser, user_id)
            if user is not None:
                user.last_login_at = now
                if new_hash is not None:
                    user.password_hash = new_hash

    async def record_export(self, email: str, lead_ids: list[int], filters: dict[str, Any], now: dt.datetime) -> None:
        """Which leads went out, and under which filter (whether a name was searched, not the name)."""
        details = {"aantal": len(lead_ids), "aanvragen": lead_ids, "filter": filters}
        async with self._write() as session, session.begin():
            session.add(AuditLog(created_at=now, staff_email=email, action="export", lead_id=None, details=details))

    async def audit_log(self, limit: int = AUDIT_SHOWN) -> list[AuditLog]:
        async with self._read() as session:
            return list(
                await session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(limit)),
            )

    async def status_history(self, lead_id: int) -> list[LeadStatusChange]:
        async with self._read() as session:
            return list(
                await session.scalars(
                    select(LeadStatusChange)
                    .where(LeadStatusChange.lead_id == lead_id)
                    .order_by(LeadStatusChange.id.desc())
                )
            )

    async def campaigns(self) -> list[str]:
        """The campaigns that brought in leads, for the filter."""
        async with self._read() as session:
            found = await session.scalars(
                select(Lead.campagne).where(Lead.campagne.is_not(None)).distinct().order_by(Lead.campagne)
            )
            return [c for c in found if c is not None]
