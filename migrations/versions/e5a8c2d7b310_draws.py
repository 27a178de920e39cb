"""draw records (seed, inputs, algorithm version, result, status, reveal position)

Revision ID: e5a8c2d7b310
Revises: 2dfd19bfcda3
Create Date: 2026-11-25 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a8c2d7b310'
down_revision = '2dfd19bfcda3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('draw',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('seed', sa.String(length=200), nullable=False),
    sa.Column('seed_source', sa.String(length=20), nullable=False),
    sa.Column('algorithm_version', sa.Integer(), nullable=False),
    sa.Column('inputs', sa.JSON(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('refs', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('revealed', sa.Integer(), nullable=False),
    sa.Column('created_by', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('confirmed_by', sa.String(length=120), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_draw_contest_id'), 'draw', ['contest_id'], unique=False)
    op.create_index(op.f('ix_draw_round_id'), 'draw', ['round_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_draw_round_id'), table_name='draw')
    op.drop_index(op.f('ix_draw_contest_id'), table_name='draw')
    op.drop_table('draw')
