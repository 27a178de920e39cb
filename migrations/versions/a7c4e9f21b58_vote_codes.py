"""audience vote: one-time printed codes, the vote mode, the sender's address; a sheet's confirmation
time by the server's clock

Revision ID: a7c4e9f21b58
Revises: e5a8c2d7b310
Create Date: 2026-12-04 16:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c4e9f21b58'
down_revision = 'e5a8c2d7b310'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('vote_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contest_id', 'code', name='uq_vote_code_code')
    )
    with op.batch_alter_table('vote_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_code_contest_id'), ['contest_id'], unique=False)

    with op.batch_alter_table('audience_vote', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('address', sa.String(length=45), server_default='', nullable=False))
        batch_op.create_unique_constraint('uq_audience_vote_code', ['code_id'])
        batch_op.create_foreign_key('fk_audience_vote_code_id', 'vote_code', ['code_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('show_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vote_mode', sa.String(length=10), server_default='open', nullable=False))

    with op.batch_alter_table('score_sheet', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('score_sheet', schema=None) as batch_op:
        batch_op.drop_column('confirmed_at')

    with op.batch_alter_table('show_settings', schema=None) as batch_op:
        batch_op.drop_column('vote_mode')

    with op.batch_alter_table('audience_vote', schema=None) as batch_op:
        batch_op.drop_constraint('fk_audience_vote_code_id', type_='foreignkey')
        batch_op.drop_constraint('uq_audience_vote_code', type_='unique')
        batch_op.drop_column('address')
        batch_op.drop_column('code_id')

    with op.batch_alter_table('vote_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_code_contest_id'))

    op.drop_table('vote_code')
