"""maintenance mode: staff roles and cards, staff calls, kiosk counters

Revision ID: 0002_maintenance
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_maintenance'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('technicians', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=16), server_default='staff', nullable=False))
        batch_op.add_column(sa.Column('card_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_technicians_card_hash'), ['card_hash'])
    op.create_table('staff_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kiosk_id', sa.String(length=40), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('service', sa.String(length=32), nullable=False),
    sa.Column('step', sa.String(length=64), nullable=False),
    sa.Column('error_key', sa.String(length=64), nullable=False),
    sa.Column('masked_id', sa.String(length=24), nullable=False),
    sa.Column('called_at', sa.DateTime(), nullable=False),
    sa.Column('acknowledged_at', sa.DateTime(), nullable=True),
    sa.Column('acknowledged_by', sa.String(length=40), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_calls'))
    )
    with op.batch_alter_table('staff_calls', schema=None) as batch_op:
        batch_op.create_index('ix_staff_calls_code', ['code'], unique=False)
        batch_op.create_index('ix_staff_calls_called_at', ['called_at'], unique=False)
    op.create_table('kiosk_counters',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('at_roll_change', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_kiosk_counters'))
    )


def downgrade() -> None:
    op.drop_table('kiosk_counters')
    with op.batch_alter_table('staff_calls', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_calls_called_at')
        batch_op.drop_index('ix_staff_calls_code')
    op.drop_table('staff_calls')
    with op.batch_alter_table('technicians', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_technicians_card_hash'), type_='unique')
        batch_op.drop_column('card_hash')
        batch_op.drop_column('role')
