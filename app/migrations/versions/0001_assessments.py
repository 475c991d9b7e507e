"""assessments: one row per check taken, with questionnaire id, version, content hash and consent

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
    sa.Column('questionnaire_version', sa.String(length=32), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('profile', sa.JSON(), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('pages_done', sa.JSON(), nullable=False),
    sa.Column('industry', sa.String(length=32), nullable=True),
    sa.Column('size_class', sa.String(length=16), nullable=True),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('consent_version', sa.String(length=16), nullable=False),
    sa.Column('consent_statistics', sa.Boolean(), nullable=False),
    sa.Column('consented_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('workshop_id', sa.Integer(), nullable=True),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['previous_id'], ['assessment.id'], name=op.f('fk_assessment_previous_id_assessment'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_assessment_token_hash'))
    )
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_industry'), ['industry'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_questionnaire_id'), ['questionnaire_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_workshop_id'), ['workshop_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_demo'), ['demo'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_demo'))
        batch_op.drop_index(batch_op.f('ix_assessment_workshop_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_questionnaire_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_industry'))

    op.drop_table('assessment')
