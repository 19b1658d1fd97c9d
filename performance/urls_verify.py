"""Public check of a rating report's verification code (/verify/<code>/)."""

from django.urls import path

from performance import views_ratings

urlpatterns = [path("<str:code>/", views_ratings.verify, name="verify")]
