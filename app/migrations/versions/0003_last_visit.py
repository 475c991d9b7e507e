"""last visit: retention counts from the day the private link was last opened

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_visit', sa.Date(), nullable=True))
    # Existing rows: their last change is the last visit we know of.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE assessment SET last_visit = date(updated_at)")
    else:
        op.execute("UPDATE assessment SET last_visit = CAST(updated_at AT TIME ZONE 'UTC' AS DATE)")
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.alter_column('last_visit', existing_type=sa.Date(), nullable=False)
        batch_op.create_index(batch_op.f('ix_assessment_last_visit'), ['last_visit'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_last_visit'))
        batch_op.drop_column('last_visit')
