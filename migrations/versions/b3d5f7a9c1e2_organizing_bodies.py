"""organizing bodies: a tree of bodies, accounts' roles per body, each contest's body and the contest it feeds

Upgrade in place: one default body owns every existing contest, and every existing account gets
its current role in that body; the first account becomes the system administrator.

Revision ID: b3d5f7a9c1e2
Revises: a7c3e9f1b254
Create Date: 2026-12-04 20:50:00.000000

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3d5f7a9c1e2'
down_revision = 'a7c3e9f1b254'
branch_labels = None
depends_on = None

DEFAULT_SLUG = 'ban-to-chuc'
DEFAULT_NAME = 'Ban Tổ chức'


def upgrade():
    op.create_table('body',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('level', sa.String(length=60), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['body.id'], ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    with op.batch_alter_table('body', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_parent_id'), ['parent_id'], unique=False)

    op.create_table('body_role',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id', 'body_id', 'role')
    )
    with op.batch_alter_table('body_role', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_role_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_body_role_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_admin', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('feeds_contest_id', sa.Integer(), nullable=True))

    _adopt_existing_rows()

    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.alter_column('body_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_contest_body_id'), ['body_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contest_feeds_contest_id'), ['feeds_contest_id'], unique=False)
        batch_op.create_foreign_key('fk_contest_body_id', 'body', ['body_id'], ['id'], ondelete='RESTRICT')
        batch_op.create_foreign_key('fk_contest_feeds_contest_id', 'contest', ['feeds_contest_id'], ['id'],
                                    ondelete='SET NULL')


def _adopt_existing_rows():
    """One default body owns what exists: every contest, and every account with its current role."""
    bind = op.get_bind()
    contests = bind.execute(sa.text('SELECT COUNT(*) FROM contest')).scalar()
    users = bind.execute(sa.text('SELECT COUNT(*) FROM "user"')).scalar()
    if not contests and not users:
        return
    # The heading printed on the existing contests' documents is the best name the data offers.
    name = bind.execute(sa.text(
        "SELECT organizer_body FROM contest WHERE organizer_body <> '' ORDER BY id LIMIT 1")).scalar() or DEFAULT_NAME
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    bind.execute(sa.text(
        "INSERT INTO body (slug, name, level, parent_id, position, created_at) "
        "VALUES (:slug, :name, '', NULL, 0, :now)"), {"slug": DEFAULT_SLUG, "name": name[:300], "now": now})
    body_id = bind.execute(sa.text("SELECT id FROM body WHERE slug = :slug"), {"slug": DEFAULT_SLUG}).scalar()
    bind.execute(sa.text("UPDATE contest SET body_id = :body"), {"body": body_id})
    bind.execute(sa.text(
        'INSERT INTO body_role (user_id, body_id, role, created_at) SELECT id, :body, role, :now FROM "user"'),
        {"body": body_id, "now": now})
    bind.execute(sa.text('UPDATE "user" SET is_admin = :yes WHERE id = (SELECT MIN(id) FROM "user")'),
                 {"yes": True})


def downgrade():
    with op.batch_alter_table('contest', schema=None) as batch_op:
        batch_op.drop_constraint('fk_contest_feeds_contest_id', type_='foreignkey')
        batch_op.drop_constraint('fk_contest_body_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_contest_feeds_contest_id'))
        batch_op.drop_index(batch_op.f('ix_contest_body_id'))
        batch_op.drop_column('feeds_contest_id')
        batch_op.drop_column('body_id')

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('is_admin')

    with op.batch_alter_table('body_role', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_role_user_id'))
        batch_op.drop_index(batch_op.f('ix_body_role_body_id'))
    op.drop_table('body_role')

    with op.batch_alter_table('body', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_parent_id'))
    op.drop_table('body')
