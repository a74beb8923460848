from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from socialmap.i18n import _l


class ContactPointForm(FlaskForm):
    name = StringField(_l("Name of the team or desk"), validators=[DataRequired(), Length(max=200)])
    phone = StringField(_l("Phone number"), validators=[DataRequired(), Length(max=40)])
    email = EmailField(_l("E-mail address"), validators=[Optional(), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200)])
    postcode = StringField(_l("Postcode"), validators=[Optional(), Length(max=7)])
    place = SelectField(_l("Village of the address"), validators=[Optional()], coerce=str)
    walk_in_nl = StringField(_l("Walk-in hours (Dutch)"), validators=[Optional(), Length(max=300)])
    walk_in_fy = StringField(_l("Walk-in hours (Frisian)"), validators=[Optional(), Length(max=300)])
    walk_in_en = StringField(_l("Walk-in hours (English)"), validators=[Optional(), Length(max=300)])
    places = SelectMultipleField(_l("Villages it covers"), coerce=int, validators=[Optional()],
                                 widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
