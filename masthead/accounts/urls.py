from django.urls import path

from masthead.notifications.views import subscriptions

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("comments/", views.comment_history, name="comments"),
    path("replies/", views.replies_to_me, name="replies"),
    path("subscriptions/", subscriptions, name="subscriptions"),
    path("data/", views.download_data, name="data"),
    path("delete/", views.delete_account, name="delete"),
]
