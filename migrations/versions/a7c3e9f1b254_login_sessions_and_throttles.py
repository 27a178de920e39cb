"""login sessions and throttles: server-side sessions (logout ends them), per-name login slowdown

The judge columns failed_pin_count / pin_blocked_until move to login_throttle, which also
slows down organizer usernames and unknown names. Sessions opened before this revision have
no server-side row: everyone logs in once more after the upgrade.

Revision ID: a7c3e9f1b254
Revises: a7c4e9f21b58
Create Date: 2026-12-04 16:21:32.966389

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9f1b254'
down_revision = 'a7c4e9f21b58'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('blocked_until', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_throttle_updated_at'), ['updated_at'], unique=False)

    op.create_table('login_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('judge_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['judge_id'], ['judge.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_session_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_session_judge_id'), ['judge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_session_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('judge', schema=None) as batch_op:
        batch_op.drop_column('failed_pin_count')
        batch_op.drop_column('pin_blocked_until')



def downgrade():
    with op.batch_alter_table('judge', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pin_blocked_until', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('failed_pin_count', sa.Integer(), nullable=False, server_default='0'))

    with op.batch_alter_table('login_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_session_user_id'))
        batch_op.drop_index(batch_op.f('ix_login_session_judge_id'))
        batch_op.drop_index(batch_op.f('ix_login_session_created_at'))

    op.drop_table('login_session')
    with op.batch_alter_table('login_throttle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_throttle_updated_at'))

    op.drop_table('login_throttle')
