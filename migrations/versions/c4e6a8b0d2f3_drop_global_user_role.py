"""roles live in bodies only: drop the global user.role

Every account's role was copied into body_role by b3d5f7a9c1e2; since then the roles an account
holds in a contest's body decide what it may do there, so the global column goes away.
Downgrade restores it from body_role (organizer when the account holds it anywhere, else its
oldest role, else organizer).

Revision ID: c4e6a8b0d2f3
Revises: b3d5f7a9c1e2
Create Date: 2026-12-05 07:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e6a8b0d2f3'
down_revision = 'b3d5f7a9c1e2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('role')


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=20), server_default='organizer', nullable=False))
    bind = op.get_bind()
    bind.execute(sa.text(
        'UPDATE "user" SET role = COALESCE('
        "(SELECT 'organizer' FROM body_role WHERE body_role.user_id = \"user\".id AND body_role.role = 'organizer' "
        'LIMIT 1), '
        '(SELECT body_role.role FROM body_role WHERE body_role.user_id = "user".id ORDER BY body_role.id LIMIT 1), '
        "'organizer')"))
