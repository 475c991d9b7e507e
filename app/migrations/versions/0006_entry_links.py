"""entry links, logos, results shared with an organisation; assessments and results carry their organisation

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('entry_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('questionnaires', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_entry_link_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entry_link')),
    sa.UniqueConstraint('slug', name=op.f('uq_entry_link_slug'))
    )
    with op.batch_alter_table('entry_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entry_link_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('share',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=True),
    sa.Column('contact', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'], name=op.f('fk_share_assessment_id_assessment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_share_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_share')),
    sa.UniqueConstraint('assessment_id', 'organisation_id', name=op.f('uq_share_assessment_id'))
    )
    with op.batch_alter_table('share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_share_assessment_id'), ['assessment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_share_organisation_id'), ['organisation_id'], unique=False)

    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_assessment_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_assessment_organisation_id_organisation'), 'organisation', ['organisation_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('logo', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('logo_type', sa.String(length=16), nullable=True))

    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_result_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_result_organisation_id_organisation'), 'organisation', ['organisation_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('result', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_result_organisation_id_organisation'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_result_organisation_id'))
        batch_op.drop_column('organisation_id')

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('logo_type')
        batch_op.drop_column('logo')

    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assessment_organisation_id_organisation'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_assessment_organisation_id'))
        batch_op.drop_column('organisation_id')

    with op.batch_alter_table('share', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_share_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_share_assessment_id'))

    op.drop_table('share')
    with op.batch_alter_table('entry_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entry_link_organisation_id'))

    op.drop_table('entry_link')
