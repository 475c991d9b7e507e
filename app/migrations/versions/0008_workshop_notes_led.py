"""workshops: the consensus's notes per question, and the page a led workshop has opened

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workshop") as batch_op:
        batch_op.add_column(sa.Column("notes", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("opened_page", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workshop") as batch_op:
        batch_op.drop_column("opened_page")
        batch_op.drop_column("notes")
