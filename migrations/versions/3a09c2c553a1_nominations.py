"""nominations: a parent contest's call for nominations, quotas per child body, and the nominated teams

Revision ID: 3a09c2c553a1
Revises: c4e6a8b0d2f3
Create Date: 2026-12-05 07:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3a09c2c553a1'
down_revision = 'c4e6a8b0d2f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('nomination_call',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('parent_contest_id', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.DateTime(), nullable=True),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parent_contest_id'], ['contest.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('parent_contest_id')
    )
    op.create_table('nomination_quota',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('teams', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['call_id'], ['nomination_call.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('call_id', 'body_id')
    )
    with op.batch_alter_table('nomination_quota', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_quota_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_quota_call_id'), ['call_id'], unique=False)

    op.create_table('nomination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.Integer(), nullable=False),
    sa.Column('parent_contest_id', sa.Integer(), nullable=False),
    sa.Column('child_body_id', sa.Integer(), nullable=False),
    sa.Column('child_contest_id', sa.Integer(), nullable=False),
    sa.Column('child_team_id', sa.Integer(), nullable=True),
    sa.Column('child_team_name', sa.String(length=200), nullable=False),
    sa.Column('prize', sa.String(length=200), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('unit', sa.String(length=200), nullable=False),
    sa.Column('unit_type', sa.String(length=30), nullable=False),
    sa.Column('team_name', sa.String(length=200), nullable=False),
    sa.Column('leader', sa.String(length=200), nullable=False),
    sa.Column('members', sa.JSON(), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('contact_phone', sa.String(length=40), nullable=False),
    sa.Column('contact_email', sa.String(length=200), nullable=False),
    sa.Column('model_title', sa.String(length=400), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('return_reason', sa.Text(), nullable=False),
    sa.Column('parent_team_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['call_id'], ['nomination_call.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['child_body_id'], ['body.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['child_contest_id'], ['contest.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['child_team_id'], ['team.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_contest_id'], ['contest.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['parent_team_id'], ['team.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomination_call_id'), ['call_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_child_body_id'), ['child_body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_child_contest_id'), ['child_contest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_child_team_id'), ['child_team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_nomination_parent_contest_id'), ['parent_contest_id'], unique=False)


def downgrade():
    with op.batch_alter_table('nomination', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_parent_contest_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_child_team_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_child_contest_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_child_body_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_call_id'))
    op.drop_table('nomination')

    with op.batch_alter_table('nomination_quota', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_nomination_quota_call_id'))
        batch_op.drop_index(batch_op.f('ix_nomination_quota_body_id'))
    op.drop_table('nomination_quota')
    op.drop_table('nomination_call')
