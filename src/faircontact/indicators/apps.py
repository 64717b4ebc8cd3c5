from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "faircontact.indicators"
    label = "indicators"
    verbose_name = "Indicators, suggestions for review, text analysis and bulk import"
