from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from socialmap.i18n import _l

VALID_EMAIL = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Give a valid e-mail address."))


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), VALID_EMAIL])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    next = HiddenField()


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), VALID_EMAIL])


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(min=10, max=200)])


class TokenForm(FlaskForm):
    name = StringField(_l("Name of the token"), validators=[DataRequired(), Length(max=100)])


class SignUpForm(FlaskForm):
    organization = StringField(_l("Name of your organisation"), validators=[DataRequired(), Length(max=200)])
    municipality = SelectField(_l("Municipality"), validators=[DataRequired()])
    email = EmailField(_l("E-mail address"), validators=[DataRequired(), VALID_EMAIL])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=10, max=200)])

