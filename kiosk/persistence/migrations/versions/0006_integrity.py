"""document renderings by hash, audit anchors pushed to the hall database

Revision ID: 0006_integrity
Revises: 0004_registry
Create Date: 2026-12-03 06:19:04

audit_anchors: the audit chain head each kiosk pushed (docs/integrity.md); on a kiosk database it serves
when database.url is the hall's PostgreSQL, and hall.database_url points to a database holding it too.
document_renderings: SHA-256 of the exact bytes of every signed A4 PDF issued (kiosk verify --pdf).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006_integrity'
down_revision = '0005_fleet'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_anchors',
    sa.Column('kiosk_id', sa.String(length=40), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('entry_hash', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('kiosk_id', name=op.f('pk_audit_anchors'))
    )
    op.create_table('document_renderings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('reprint_count', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_renderings_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_renderings'))
    )
    with op.batch_alter_table('document_renderings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_renderings_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_renderings_sha256'), ['sha256'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('document_renderings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_renderings_sha256'))
        batch_op.drop_index(batch_op.f('ix_document_renderings_document_id'))

    op.drop_table('document_renderings')
    op.drop_table('audit_anchors')
