"""Serializers that document the API's shared shapes in the OpenAPI schema."""

from rest_framework import serializers


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    # DRF's metaclass moves declared fields off the class, so this does not
    # shadow Serializer.fields at run time; mypy cannot know that.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


class ErrorSerializer(serializers.Serializer):
    """The one JSON shape of every API error."""

    error = ErrorBodySerializer()
