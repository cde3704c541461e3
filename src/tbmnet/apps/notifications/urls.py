from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/inbox/", views.inbox, name="inbox"),
    path("notifications/new/", views.notification_new, name="new"),
    path("notifications/<str:number>/", views.notification_detail, name="detail"),
    path("notifications/<str:number>/edit/", views.notification_edit, name="edit"),
    path("notifications/<str:number>/act/<str:act>/", views.act, name="act"),
    path("notifications/<str:number>/notification.pdf", views.notification_pdf,
         name="notification_pdf"),
    path("notifications/<str:number>/consent.pdf", views.consent_pdf, name="consent_pdf"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("verify/<str:code>", views.verify),
]
