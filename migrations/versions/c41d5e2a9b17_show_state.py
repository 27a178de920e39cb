"""show state: published standings, freeze/reveal, screen settings, audience votes, tie decisions, finalists

Revision ID: c41d5e2a9b17
Revises: be7abea3ae95
Create Date: 2026-11-26 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c41d5e2a9b17'
down_revision = 'be7abea3ae95'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('standings_feed',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('public_version', sa.Integer(), nullable=False),
    sa.Column('staff_version', sa.Integer(), nullable=False),
    sa.Column('public_update', sa.Text(), nullable=False),
    sa.Column('public_snapshot', sa.Text(), nullable=False),
    sa.Column('public_card', sa.Text(), nullable=False),
    sa.Column('staff_snapshot', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id')
    )
    op.create_table('board_state',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('frozen_board', sa.JSON(), nullable=True),
    sa.Column('frozen_at', sa.DateTime(), nullable=True),
    sa.Column('reveal_plan', sa.JSON(), nullable=True),
    sa.Column('revealed_steps', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id')
    )
    op.create_table('show_settings',
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.Column('voting_open', sa.Boolean(), nullable=False),
    sa.Column('voting_round_id', sa.Integer(), nullable=True),
    sa.Column('overlay', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cluster_id'], ['cluster.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['voting_round_id'], ['round.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('contest_id')
    )
    op.create_table('audience_vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contest_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('voter', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contest_id'], ['contest.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('contest_id', 'voter', name='uq_audience_vote_voter')
    )
    op.create_index(op.f('ix_audience_vote_contest_id'), 'audience_vote', ['contest_id'], unique=False)
    op.create_index(op.f('ix_audience_vote_entry_id'), 'audience_vote', ['entry_id'], unique=False)
    op.create_table('tie_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('team_ids', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=120), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_tie_decision_round_id'), 'tie_decision', ['round_id'], unique=False)
    op.create_table('finalist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_round_id', sa.Integer(), nullable=False),
    sa.Column('to_round_id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('cluster_id', sa.Integer(), nullable=True),
    sa.Column('place', sa.Integer(), nullable=False),
    sa.Column('reserve_order', sa.Integer(), nullable=True),
    sa.Column('applied_by', sa.String(length=120), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cluster_id'], ['cluster.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['from_round_id'], ['round.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_id'], ['team.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_round_id'], ['round.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('from_round_id', 'team_id', name='uq_finalist_team')
    )
    op.create_index(op.f('ix_finalist_from_round_id'), 'finalist', ['from_round_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_finalist_from_round_id'), table_name='finalist')
    op.drop_table('finalist')
    op.drop_index(op.f('ix_tie_decision_round_id'), table_name='tie_decision')
    op.drop_table('tie_decision')
    op.drop_index(op.f('ix_audience_vote_entry_id'), table_name='audience_vote')
    op.drop_index(op.f('ix_audience_vote_contest_id'), table_name='audience_vote')
    op.drop_table('audience_vote')
    op.drop_table('show_settings')
    op.drop_table('board_state')
    op.drop_table('standings_feed')
