"""contest.listed: whether the public portal lists a contest (every contest made before stays listed)

Revision ID: 5b8e2f4a7c19
Revises: 3a09c2c553a1
Create Date: 2026-12-05 13:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b8e2f4a7c19'
down_revision = '3a09c2c553a1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listed', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade():
    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.drop_column('listed')
