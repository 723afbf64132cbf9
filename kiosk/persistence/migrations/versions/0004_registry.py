"""property registry, bank accounts on file, rental commitments, a reconciliation's refund account

Revision ID: 0004_registry
Revises: 0001
Create Date: 2026-12-02 19:05:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_registry'
down_revision = '0002_maintenance'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('property_registry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id_number', sa.String(length=18), nullable=False),
    sa.Column('certificate_no', sa.String(length=60), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('usage', sa.String(length=16), nullable=False),
    sa.Column('location_class', sa.String(length=16), nullable=False),
    sa.Column('area_m2', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_property_registry')),
    sa.UniqueConstraint('certificate_no', name=op.f('uq_property_registry_certificate_no'))
    )
    with op.batch_alter_table('property_registry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_property_registry_owner_id_number'), ['owner_id_number'], unique=False)

    op.create_table('bank_accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('taxpayer_id', sa.Integer(), nullable=False),
    sa.Column('bank_name', sa.String(length=60), nullable=False),
    sa.Column('bank_name_en', sa.String(length=80), nullable=False),
    sa.Column('account_number', sa.String(length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('added_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['taxpayer_id'], ['taxpayers.id'], name=op.f('fk_bank_accounts_taxpayer_id_taxpayers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bank_accounts'))
    )
    with op.batch_alter_table('bank_accounts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bank_accounts_taxpayer_id'), ['taxpayer_id'], unique=False)

    op.create_table('rental_commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rental_invoice_id', sa.Integer(), nullable=False),
    sa.Column('taxpayer_id', sa.Integer(), nullable=False),
    sa.Column('property_id', sa.Integer(), nullable=False),
    sa.Column('commitment_version', sa.String(length=32), nullable=False),
    sa.Column('commitment_text', sa.Text(), nullable=False),
    sa.Column('signed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['property_id'], ['property_registry.id'],
                            name=op.f('fk_rental_commitments_property_id_property_registry')),
    sa.ForeignKeyConstraint(['rental_invoice_id'], ['rental_invoices.id'],
                            name=op.f('fk_rental_commitments_rental_invoice_id_rental_invoices')),
    sa.ForeignKeyConstraint(['taxpayer_id'], ['taxpayers.id'], name=op.f('fk_rental_commitments_taxpayer_id_taxpayers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rental_commitments')),
    sa.UniqueConstraint('rental_invoice_id', name=op.f('uq_rental_commitments_rental_invoice_id'))
    )

    with op.batch_alter_table('reconciliations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refund_account_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_reconciliations_refund_account_id_bank_accounts'),
                                    'bank_accounts', ['refund_account_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('reconciliations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_reconciliations_refund_account_id_bank_accounts'), type_='foreignkey')
        batch_op.drop_column('refund_account_id')
    op.drop_table('rental_commitments')
    with op.batch_alter_table('bank_accounts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bank_accounts_taxpayer_id'))
    op.drop_table('bank_accounts')
    with op.batch_alter_table('property_registry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_property_registry_owner_id_number'))
    op.drop_table('property_registry')
