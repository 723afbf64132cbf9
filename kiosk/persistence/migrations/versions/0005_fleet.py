"""many kiosks on one database: shared number counters, kiosk id on journals and device history,
queue tickets per hall

Revision ID: 0005_fleet
Revises: 0004_registry
Create Date: 2026-12-03 06:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005_fleet'
down_revision = '0004_registry'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('number_counters',
    sa.Column('scope', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('scope', name=op.f('pk_number_counters'))
    )
    with op.batch_alter_table('transactions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kiosk_id', sa.String(length=40), server_default='', nullable=False))
        batch_op.create_index('ix_transactions_kiosk_state', ['kiosk_id', 'state'], unique=False)
    with op.batch_alter_table('device_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kiosk_id', sa.String(length=40), server_default='', nullable=False))
        batch_op.create_index('ix_device_events_kiosk_at', ['kiosk_id', 'at'], unique=False)
    with op.batch_alter_table('queue_tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hall', sa.String(length=40), server_default='', nullable=False))
        batch_op.drop_constraint('uq_queue_day_service_number', type_='unique')
        batch_op.create_unique_constraint('uq_queue_hall_day_service_number', ['hall', 'day', 'service', 'number'])
    # Transactions started before this revision belong to the kiosk that wrote them: their session's.
    op.execute("UPDATE transactions SET kiosk_id = (SELECT s.kiosk_id FROM sessions s "
               "WHERE s.id = transactions.session_id) WHERE session_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table('queue_tickets', schema=None) as batch_op:
        batch_op.drop_constraint('uq_queue_hall_day_service_number', type_='unique')
        batch_op.create_unique_constraint('uq_queue_day_service_number', ['day', 'service', 'number'])
        batch_op.drop_column('hall')
    with op.batch_alter_table('device_events', schema=None) as batch_op:
        batch_op.drop_index('ix_device_events_kiosk_at')
        batch_op.drop_column('kiosk_id')
    with op.batch_alter_table('transactions', schema=None) as batch_op:
        batch_op.drop_index('ix_transactions_kiosk_state')
        batch_op.drop_column('kiosk_id')
    op.drop_table('number_counters')
