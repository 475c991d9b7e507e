"""results: each completed assessment's stored scores, and score histograms per peer cell

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05

Existing completed assessments get their results from `digicheck results rebuild` (a
migration cannot score: scoring needs the questionnaire files the app loads).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('result',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
    sa.Column('questionnaire_version', sa.String(length=32), nullable=False),
    sa.Column('industry', sa.String(length=32), nullable=True),
    sa.Column('size_class', sa.String(length=16), nullable=True),
    sa.Column('state', sa.String(length=2), nullable=True),
    sa.Column('postcode_region', sa.String(length=8), nullable=True),
    sa.Column('quarter', sa.String(length=7), nullable=False),
    sa.Column('source', sa.String(length=24), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('consent_statistics', sa.Boolean(), nullable=False),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('level_id', sa.String(length=64), nullable=True),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_result_assessment_id_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['previous_id'], ['assessment.id'], name=op.f('fk_result_previous_id_assessment'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('assessment_id', name=op.f('pk_result'))
    )
    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_result_quarter'), ['quarter'], unique=False)

    op.create_table('result_dimension',
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('dimension_id', sa.String(length=64), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('level_id', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['result.assessment_id'], name=op.f('fk_result_dimension_assessment_id_result'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assessment_id', 'dimension_id', name=op.f('pk_result_dimension'))
    )
    op.create_table('score_histogram',
    sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
    sa.Column('questionnaire_version', sa.String(length=32), nullable=False),
    sa.Column('industry', sa.String(length=32), nullable=False),
    sa.Column('size_class', sa.String(length=16), nullable=False),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.Column('dimension_id', sa.String(length=64), nullable=False),
    sa.Column('bucket', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('questionnaire_id', 'questionnaire_version', 'industry', 'size_class', 'demo', 'dimension_id', 'bucket', name=op.f('pk_score_histogram'))
    )


def downgrade() -> None:
    op.drop_table('score_histogram')
    op.drop_table('result_dimension')
    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_result_quarter'))

    op.drop_table('result')
