"""one audit chain per kiosk: a chain name and a sequence number within it

Revision ID: 0008_audit_chains
Revises: 0007_hall
Create Date: 2026-12-04 18:40:00

The audit log was one chain per database, appended under one lock by every kiosk of a hall (the
fleet's one global serialisation point, docs/fleet.md). Each kiosk now appends to a chain of its own
(``chain`` = its kiosk id, ``seq`` = 1, 2, ... within it); ``id`` stays the table's key, assigned by
the database. Rows from before are the legacy chain ``''`` with ``seq = id`` and keep verifying with
the hash they were written with (kiosk.services.audit.entry_hash).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_audit_chains'
down_revision = '0007_hall'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chain', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('seq', sa.Integer(), server_default='0', nullable=False))
    op.execute("UPDATE audit_log SET seq = id")
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_audit_log_chain_seq', ['chain', 'seq'])
    if op.get_bind().dialect.name == "postgresql":
        # ids were given explicitly until now, so the column's sequence never moved: start it after them
        op.execute("SELECT setval(pg_get_serial_sequence('audit_log', 'id'), "
                   "COALESCE((SELECT MAX(id) FROM audit_log), 0) + 1, false)")


def downgrade() -> None:
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_constraint('uq_audit_log_chain_seq', type_='unique')
        batch_op.drop_column('seq')
        batch_op.drop_column('chain')
