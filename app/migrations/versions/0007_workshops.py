"""workshops: a consultant runs a check with a firm's team; participants are assessments of the workshop

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('workshop',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('firm_name', sa.String(length=200), nullable=False),
    sa.Column('questionnaire_id', sa.String(length=64), nullable=False),
    sa.Column('questionnaire_version', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('pace', sa.String(length=8), nullable=False),
    sa.Column('profile', sa.JSON(), nullable=False),
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('revealed', sa.Boolean(), nullable=False),
    sa.Column('previous_id', sa.Integer(), nullable=True),
    sa.Column('consensus_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_workshop_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['account.id'], name=op.f('fk_workshop_owner_id_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['previous_id'], ['workshop.id'], name=op.f('fk_workshop_previous_id_workshop'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workshop'))
    )
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workshop_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_workshop_organisation_id'), ['organisation_id'], unique=False)

    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('participant_role', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('consensus_of_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_assessment_consensus_of_id'), ['consensus_of_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_assessment_consensus_of_id_workshop'), 'workshop', ['consensus_of_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_assessment_workshop_id_workshop'), 'workshop', ['workshop_id'], ['id'], ondelete='CASCADE')



def downgrade() -> None:
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assessment_workshop_id_workshop'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_assessment_consensus_of_id_workshop'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_assessment_consensus_of_id'))
        batch_op.drop_column('consensus_of_id')
        batch_op.drop_column('participant_role')

    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workshop_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_workshop_code'))

    op.drop_table('workshop')
