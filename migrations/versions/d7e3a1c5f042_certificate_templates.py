"""certificate templates (results and paperwork)

Revision ID: d7e3a1c5f042
Revises: c41d5e2a9b17
Create Date: 2026-11-25 14:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd7e3a1c5f042'
down_revision = 'c41d5e2a9b17'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_template',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('issuer', sa.String(length=300), nullable=False),
    sa.Column('signer_prefix', sa.String(length=200), nullable=False),
    sa.Column('signer_title', sa.String(length=300), nullable=False),
    sa.Column('signer_name', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('number_prefix', sa.String(length=40), nullable=False),
    sa.Column('background', sa.LargeBinary(), nullable=True),
    sa.Column('background_name', sa.String(length=200), nullable=False),
    sa.Column('imported', sa.JSON(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contest_id', 'kind', name='uq_certificate_template_kind')
    )
    op.create_index(op.f('ix_certificate_template_contest_id'), 'certificate_template', ['contest_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_certificate_template_contest_id'), table_name='certificate_template')
    op.drop_table('certificate_template')
