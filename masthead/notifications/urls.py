from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("unsubscribe/<str:token>/again/", views.resubscribe, name="resubscribe"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
