"""the hall: each kiosk's heartbeat state and the console's commands to kiosks

Revision ID: 0007_hall
Revises: 0004_registry
Create Date: 2026-12-03 06:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_hall'
down_revision = '0006_integrity'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('kiosk_state',
    sa.Column('kiosk_id', sa.String(length=40), nullable=False),
    sa.Column('service_state', sa.String(length=20), nullable=False),
    sa.Column('screen', sa.String(length=64), nullable=False),
    sa.Column('devices', sa.JSON(), nullable=False),
    sa.Column('paper', sa.String(length=16), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('last_error', sa.String(length=240), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('beat_at', sa.DateTime(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('kiosk_id', name=op.f('pk_kiosk_state'))
    )
    op.create_table('hall_commands',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kiosk_id', sa.String(length=40), nullable=False),
    sa.Column('command', sa.String(length=24), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('requested_by', sa.String(length=40), nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hall_commands'))
    )
    with op.batch_alter_table('hall_commands', schema=None) as batch_op:
        batch_op.create_index('ix_hall_commands_kiosk_id_applied_at', ['kiosk_id', 'applied_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('hall_commands', schema=None) as batch_op:
        batch_op.drop_index('ix_hall_commands_kiosk_id_applied_at')
    op.drop_table('hall_commands')
    op.drop_table('kiosk_state')
