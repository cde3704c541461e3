from django.urls import path

from . import views

app_name = "customs"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("screen/", views.screen_file, name="screen"),
    path("declarations/<int:pk>/", views.declaration, name="declaration"),
    path("declarations/<int:pk>/inspect/", views.inspect, name="inspect"),
    path("declarations/<int:pk>/seize/", views.seize, name="seize"),
    path("declarations/<int:pk>/refer/", views.refer, name="refer"),
    path("declarations/<int:pk>/release/", views.release, name="release"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/<int:pk>/open-case/", views.open_case, name="open_case"),
    path("profiles/", views.profiles, name="profiles"),
    path("profiles/new/", views.profile_edit, name="profile_new"),
    path("profiles/<str:profile_id>/", views.profile_edit, name="profile_edit"),
]
